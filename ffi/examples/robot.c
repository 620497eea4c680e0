/*
 * robot: what a robot controller does before it moves. It screens the operator's command with
 * the model, then checks the plan its planner produced against the robot policy (LTLf rules),
 * and acts only if both pass.
 *
 *   robot POLICY.toml|POLICY.json PLAN.json "natural-language command"
 *
 * e.g. (from the repository root)
 *   robot examples/robot/tabletop/policy.toml \
 *         examples/robot/tabletop/plans/rejected/knife_without_guard.json \
 *         "put the knife away in the drawer"
 *
 * Exit status: 0 when the robot may go ahead, 1 when the command or the plan is blocked or
 * flagged, 2 on an error.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgeguard.h"

static int fail(const char *what) {
    char message[1024];
    edgeguard_last_error_message(message, sizeof message, NULL);
    fprintf(stderr, "robot: %s: %s\n", what, message);
    return 2;
}

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
        return "ALLOW";
    case EDGEGUARD_ACTION_FLAG:
        return "FLAG";
    case EDGEGUARD_ACTION_BLOCK:
        return "BLOCK";
    }
    return "?";
}

static void print_plan(const edgeguard_plan_verdict *plan) {
    bool accepted = false;
    size_t steps = 0, count = 0, i;
    edgeguard_plan_verdict_accepted(plan, &accepted);
    edgeguard_plan_verdict_steps(plan, &steps);
    printf("plan: %s (%zu steps)\n", accepted ? "accepted" : "rejected", steps);
    edgeguard_plan_verdict_reason_count(plan, &count);
    for (i = 0; i < count; i++) {
        edgeguard_reason_kind kind;
        const char *constraint, *message;
        size_t step;
        if (edgeguard_plan_verdict_reason(plan, i, &kind, &constraint, &message, &step) !=
            EDGEGUARD_STATUS_OK) {
            continue;
        }
        switch (kind) {
        case EDGEGUARD_REASON_KIND_VIOLATED:
            printf("  violated at step %zu: %s: %s\n", step, constraint, message);
            break;
        case EDGEGUARD_REASON_KIND_UNFULFILLED:
            printf("  unfulfilled at the end: %s: %s\n", constraint, message);
            break;
        case EDGEGUARD_REASON_KIND_EXCLUSIVE:
            printf("  step %zu: %s\n", step, message);
            break;
        case EDGEGUARD_REASON_KIND_MORE_CONFLICTS:
        case EDGEGUARD_REASON_KIND_OTHER:
            printf("  %s\n", message);
            break;
        }
    }
}

int main(int argc, char **argv) {
    edgeguard_guard *guard = NULL;
    edgeguard_robot_policy *policy = NULL;
    edgeguard_plan *plan = NULL;
    edgeguard_command_verdict *verdict = NULL;
    const edgeguard_verdict *screen = NULL;
    const edgeguard_plan_verdict *plan_verdict = NULL;
    edgeguard_action action = EDGEGUARD_ACTION_BLOCK;
    char *policy_text, *plan_text;
    size_t policy_len = 0, plan_len = 0, n, fired = 0, i;
    float unsafe_p = 0.0f;
    uint32_t format;
    int code = 2;

    if (argc != 4) {
        fprintf(stderr, "usage: %s POLICY PLAN.json \"command\"\n", argv[0]);
        return 2;
    }
    policy_text = slurp(argv[1], &policy_len);
    plan_text = slurp(argv[2], &plan_len);
    if (policy_text == NULL || plan_text == NULL) {
        fprintf(stderr, "robot: cannot read %s\n", policy_text == NULL ? argv[1] : argv[2]);
        free(policy_text);
        free(plan_text);
        return 2;
    }
    n = strlen(argv[1]);
    format = n > 5 && strcmp(argv[1] + n - 5, ".toml") == 0 ? EDGEGUARD_FORMAT_TOML
                                                            : EDGEGUARD_FORMAT_JSON;

    if (edgeguard_robot_policy_new(policy_text, policy_len, format, &policy) != EDGEGUARD_STATUS_OK) {
        code = fail(argv[1]);
    } else if (edgeguard_plan_new(plan_text, plan_len, &plan) != EDGEGUARD_STATUS_OK) {
        code = fail(argv[2]);
    } else if (edgeguard_guard_new(&guard) != EDGEGUARD_STATUS_OK) {
        code = fail("loading the model");
    } else if (edgeguard_check_command(guard, argv[3], strlen(argv[3]), policy, plan, &verdict) !=
               EDGEGUARD_STATUS_OK) {
        code = fail("checking the command");
    } else {
        edgeguard_command_verdict_action(verdict, &action);
        edgeguard_command_verdict_command(verdict, &screen);
        edgeguard_command_verdict_plan(verdict, &plan_verdict);

        edgeguard_verdict_unsafe_probability(screen, &unsafe_p);
        edgeguard_verdict_fired_count(screen, &fired);
        printf("command: \"%s\" unsafe %.3f", argv[3], (double)unsafe_p);
        for (i = 0; i < fired; i++) {
            edgeguard_label label;
            const char *name = "?";
            edgeguard_verdict_fired_label(screen, i, &label);
            edgeguard_label_name(label, &name);
            printf("%s%s", i ? "," : ", fired ", name);
        }
        printf("\n");
        print_plan(plan_verdict);
        printf("%s\n", action_name(action));
        code = action == EDGEGUARD_ACTION_ALLOW ? 0 : 1;
    }

    edgeguard_command_verdict_free(verdict);
    edgeguard_guard_free(guard);
    edgeguard_plan_free(plan);
    edgeguard_robot_policy_free(policy);
    free(policy_text);
    free(plan_text);
    return code;
}
