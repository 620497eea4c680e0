/*
 * screen: screens prompts read from standard input, one per line, with the embedded model.
 *
 *   screen [--json] [--model DIR] [--policy FILE.json|FILE.toml] < prompts.txt
 *
 * Prints one line per prompt: the action, the probability that the prompt is unsafe, the
 * labels that fired, and the prompt (or, with --json, the verdict's JSON). Exit status: 0 when
 * every prompt is allowed, 1 when one is flagged or blocked, 2 on an error.
 */
#define _POSIX_C_SOURCE 200809L /* getline */

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgeguard.h"

static int fail(const char *what) {
    char message[1024];
    edgeguard_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "screen: %s: %s\n", what, message);
    return 2;
}

/* Reads a whole file into a malloc'd buffer. */
static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    char *data = NULL;
    size_t cap = 0, n = 0, got;
    if (f == NULL) {
        return NULL;
    }
    do {
        if (n == cap) {
            char *bigger;
            cap = cap ? cap * 2 : 4096;
            bigger = realloc(data, cap);
            if (bigger == NULL) {
                free(data);
                fclose(f);
                return NULL;
            }
            data = bigger;
        }
        got = fread(data + n, 1, cap - n, f);
        n += got;
    } while (got > 0);
    fclose(f);
    *len = n;
    return data;
}

static const char *action_name(edgeguard_action action) {
    switch (action) {
    case EDGEGUARD_ACTION_ALLOW:
        return "allow";
    case EDGEGUARD_ACTION_FLAG:
        return "flag";
    case EDGEGUARD_ACTION_BLOCK:
        return "block";
    }
    return "?";
}

static void print_verdict(const edgeguard_verdict *verdict, const char *line, size_t len) {
    edgeguard_action action = EDGEGUARD_ACTION_ALLOW;
    float unsafe_p = 0.0f;
    size_t fired = 0, i;
    edgeguard_verdict_action(verdict, &action);
    edgeguard_verdict_unsafe_probability(verdict, &unsafe_p);
    edgeguard_verdict_fired_count(verdict, &fired);
    printf("%-5s %.3f ", action_name(action), (double)unsafe_p);
    if (fired == 0) {
        printf("-");
    }
    for (i = 0; i < fired; i++) {
        edgeguard_label label;
        const char *name = "?";
        edgeguard_verdict_fired_label(verdict, i, &label);
        edgeguard_label_name(label, &name);
        printf("%s%s", i ? "," : "", name);
    }
    printf("  %.*s\n", (int)len, line);
}

int main(int argc, char **argv) {
    const char *model_dir = NULL, *policy_path = NULL;
    int json = 0, worst = 0, i;
    edgeguard_guard *guard = NULL;
    char *line = NULL;
    size_t cap = 0;
    ssize_t got;

    for (i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--json") == 0) {
            json = 1;
        } else if (strcmp(argv[i], "--model") == 0 && i + 1 < argc) {
            model_dir = argv[++i];
        } else if (strcmp(argv[i], "--policy") == 0 && i + 1 < argc) {
            policy_path = argv[++i];
        } else {
            fprintf(stderr, "usage: %s [--json] [--model DIR] [--policy FILE] < prompts\n",
                    argv[0]);
            return 2;
        }
    }

    if ((model_dir ? edgeguard_guard_new_from_dir(model_dir, &guard)
                   : edgeguard_guard_new(&guard)) != EDGEGUARD_STATUS_OK) {
        return fail("loading the model");
    }
    if (policy_path != NULL) {
        size_t len = 0;
        char *text = slurp(policy_path, &len);
        size_t n = strlen(policy_path);
        uint32_t format = n > 5 && strcmp(policy_path + n - 5, ".toml") == 0
                              ? EDGEGUARD_FORMAT_TOML
                              : EDGEGUARD_FORMAT_JSON;
        edgeguard_status status;
        if (text == NULL) {
            fprintf(stderr, "screen: cannot read %s\n", policy_path);
            edgeguard_guard_free(guard);
            return 2;
        }
        status = edgeguard_guard_set_policy(guard, text, len, format);
        free(text);
        if (status != EDGEGUARD_STATUS_OK) {
            edgeguard_guard_free(guard);
            return fail(policy_path);
        }
    }

    while ((got = getline(&line, &cap, stdin)) > 0) {
        size_t len = (size_t)got;
        edgeguard_verdict *verdict = NULL;
        edgeguard_action action = EDGEGUARD_ACTION_ALLOW;
        edgeguard_status status;
        while (len > 0 && (line[len - 1] == '\n' || line[len - 1] == '\r')) {
            len--;
        }
        if (len == 0) {
            continue;
        }
        status = edgeguard_check(guard, line, len, &verdict);
        if (status != EDGEGUARD_STATUS_OK) {
            worst = fail("screening a line");
            break;
        }
        if (json) {
            const char *text = NULL;
            edgeguard_verdict_json(verdict, &text, NULL);
            printf("%s\n", text);
        } else {
            print_verdict(verdict, line, len);
        }
        edgeguard_verdict_action(verdict, &action);
        if (action != EDGEGUARD_ACTION_ALLOW && worst < 1) {
            worst = 1;
        }
        edgeguard_verdict_free(verdict);
    }
    free(line);
    edgeguard_guard_free(guard);
    return worst;
}
