/*
 * A tiny check harness shared by the C tests: CHECK counts, EXPECT_STATUS prints the last
 * error when a call returns the wrong status, and helpers read files and last errors.
 */
#ifndef EDGEGUARD_TEST_HARNESS_H
#define EDGEGUARD_TEST_HARNESS_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "edgeguard.h"

static int harness_passed;
static int harness_failed;

/* The calling thread's last error, in a static buffer (tests only read it right away). */
static inline const char *last_error(void) {
    static char buf[1024];
    size_t written = 0;
    buf[0] = '\0';
    (void)edgeguard_last_error_message(buf, sizeof buf, &written);
    return buf;
}

#define CHECK(cond)                                                                      \
    do {                                                                                 \
        if (cond) {                                                                      \
            harness_passed++;                                                            \
        } else {                                                                         \
            harness_failed++;                                                            \
            fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond);     \
        }                                                                                \
    } while (0)

#define EXPECT_STATUS(call, expected)                                                    \
    do {                                                                                 \
        edgeguard_status got_ = (call);                                                  \
        if (got_ == (expected)) {                                                        \
            harness_passed++;                                                            \
        } else {                                                                         \
            harness_failed++;                                                            \
            fprintf(stderr, "%s:%d: %s returned %d, expected %d (%s); last error: %s\n", \
                    __FILE__, __LINE__, #call, (int)got_, (int)(expected), #expected,    \
                    last_error());                                                       \
        }                                                                                \
    } while (0)

#define EXPECT_OK(call) EXPECT_STATUS(call, EDGEGUARD_STATUS_OK)

/* A verdict's action, checked to be readable. */
static inline edgeguard_action action_of(const edgeguard_verdict *verdict) {
    edgeguard_action action = EDGEGUARD_ACTION_FLAG;
    EXPECT_OK(edgeguard_verdict_action(verdict, &action));
    return action;
}

/* A verdict's probability that the text is unsafe, checked to be readable. */
static inline float unsafe_of(const edgeguard_verdict *verdict) {
    float p = -1.0f;
    EXPECT_OK(edgeguard_verdict_unsafe_probability(verdict, &p));
    return p;
}

/* Whether the last error contains `needle`. */
static inline int last_error_has(const char *needle) {
    const char *message = last_error();
    if (strstr(message, needle) != NULL) {
        return 1;
    }
    fprintf(stderr, "last error \"%s\" lacks \"%s\"\n", message, needle);
    return 0;
}

/* Reads a whole file; exits on failure (a broken test setup, not a test failure). */
static inline unsigned char *read_file(const char *path, size_t *out_len) {
    FILE *f = fopen(path, "rb");
    unsigned char *data;
    long size;
    if (f == NULL || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
        fseek(f, 0, SEEK_SET) != 0) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    data = malloc((size_t)size + 1);
    if (data == NULL || fread(data, 1, (size_t)size, f) != (size_t)size) {
        fprintf(stderr, "cannot read %s\n", path);
        exit(2);
    }
    data[size] = '\0';
    fclose(f);
    *out_len = (size_t)size;
    return data;
}

/* `dir` + "/" + `name`, in a caller buffer. */
static inline const char *join(char *buf, size_t len, const char *dir, const char *name) {
    int n = snprintf(buf, len, "%s/%s", dir, name);
    if (n < 0 || (size_t)n >= len) {
        fprintf(stderr, "path too long: %s/%s\n", dir, name);
        exit(2);
    }
    return buf;
}

/* Prints the summary; the exit status of the test program. */
static inline int harness_finish(const char *name) {
    printf("%s: %d checks ok, %d checks failed\n", name, harness_passed, harness_failed);
    return harness_failed == 0 ? 0 : 1;
}

#endif
