/*
 * Every error path of the C API returns its status and a message, writes no output, and
 * never crashes: NULL arguments, invalid UTF-8, empty and oversized text, bad policies,
 * corrupted model files, bad robot policies and plans, indices out of range, small buffers.
 *
 * Usage: test_errors MODEL_DIR ROBOT_EXAMPLES_DIR
 */
#include "harness.h"

/* A pointer value no call may write: outputs must stay untouched on error. */
#define UNTOUCHED ((void *)0x5a5a5a5a)

static void test_null_arguments(edgeguard_guard *guard) {
    const char *text = "hello";
    edgeguard_verdict *verdict = UNTOUCHED;
    edgeguard_guard *out_guard = UNTOUCHED;
    edgeguard_batch *batch = UNTOUCHED;
    size_t len = 5;
    float p = -1.0f;

    EXPECT_STATUS(edgeguard_guard_new(NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("out_guard"));
    EXPECT_STATUS(edgeguard_guard_new_from_dir(NULL, &out_guard), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("dir"));
    EXPECT_STATUS(edgeguard_guard_new_from_files("a", NULL, "c", &out_guard),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("tokenizer_path"));
    EXPECT_STATUS(edgeguard_guard_new_from_bytes(NULL, 0, NULL, 0, NULL, 0, &out_guard),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_guard_clone(NULL, &out_guard), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_guard_clone(guard, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(out_guard == UNTOUCHED);

    EXPECT_STATUS(edgeguard_check(NULL, text, 5, &verdict), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("argument `guard` is NULL"));
    EXPECT_STATUS(edgeguard_check(guard, NULL, 0, &verdict), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("text"));
    EXPECT_STATUS(edgeguard_check(guard, text, 5, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("out_verdict"));
    EXPECT_STATUS(edgeguard_check_response(guard, NULL, 0, text, 5, &verdict),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("prompt"));
    EXPECT_STATUS(edgeguard_check_response(guard, text, 5, NULL, 0, &verdict),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("response"));
    CHECK(verdict == UNTOUCHED);

    EXPECT_STATUS(edgeguard_check_batch(guard, NULL, &len, 1, &batch),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_check_batch(guard, &text, NULL, 1, &batch),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_check_batch(guard, &text, &len, 1, NULL),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(batch == UNTOUCHED);
    {
        /* A NULL text inside a batch fails that item only. */
        const char *texts[2] = {NULL, "what is the capital of France"};
        size_t lens[2] = {0, 29};
        const edgeguard_verdict *item = UNTOUCHED;
        batch = NULL;
        EXPECT_OK(edgeguard_check_batch(guard, texts, lens, 2, &batch));
        EXPECT_STATUS(edgeguard_batch_verdict(batch, 0, &item), EDGEGUARD_STATUS_NULL_ARGUMENT);
        CHECK(last_error_has("texts[0]"));
        CHECK(item == UNTOUCHED);
        EXPECT_OK(edgeguard_batch_verdict(batch, 1, &item));
        CHECK(item != UNTOUCHED && item != NULL);
        EXPECT_STATUS(edgeguard_batch_verdict(batch, 2, &item), EDGEGUARD_STATUS_OUT_OF_RANGE);
        EXPECT_STATUS(edgeguard_batch_verdict(NULL, 0, &item), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_batch_verdict(batch, 1, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_batch_len(NULL, &len), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_batch_len(batch, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        edgeguard_batch_free(batch);
    }

    EXPECT_STATUS(edgeguard_verdict_unsafe_probability(NULL, &p), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_action(NULL, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_fired_count(NULL, &len), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_fired_label(NULL, 0, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_label_probability(NULL, 0, &p),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_label_probabilities(NULL, &p, 1),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_verdict_json(NULL, NULL, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(p == -1.0f);

    EXPECT_STATUS(edgeguard_guard_set_policy(NULL, "{}", 2, EDGEGUARD_FORMAT_JSON),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, NULL, 0, EDGEGUARD_FORMAT_JSON),
                  EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_guard_reset_policy(NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_guard_set_max_input_bytes(NULL, 1), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_label_name(0, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_label_description(0, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_label_from_name(NULL, 0, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    EXPECT_STATUS(edgeguard_last_error_length(NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);

    /* Plan calls. */
    {
        edgeguard_robot_policy *policy = UNTOUCHED;
        edgeguard_plan *plan = UNTOUCHED;
        edgeguard_plan_verdict *plan_verdict = UNTOUCHED;
        edgeguard_command_verdict *command = UNTOUCHED;
        EXPECT_STATUS(edgeguard_robot_policy_new(NULL, 0, EDGEGUARD_FORMAT_JSON, &policy),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_robot_policy_new("{}", 2, EDGEGUARD_FORMAT_JSON, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_new(NULL, 0, &plan), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_new("[]", 2, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_check(NULL, NULL, &plan_verdict),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_check_command(guard, "go", 2, NULL, NULL, &command),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        CHECK(last_error_has("policy"));
        EXPECT_STATUS(edgeguard_plan_verdict_accepted(NULL, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_steps(NULL, &len), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_constraint_count(NULL, &len),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_constraint(NULL, 0, NULL, NULL, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_reason_count(NULL, &len),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_reason(NULL, 0, NULL, NULL, NULL, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_json(NULL, NULL, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_command_verdict_action(NULL, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_command_verdict_command(NULL, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_command_verdict_plan(NULL, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_command_verdict_json(NULL, NULL, NULL),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        CHECK(policy == UNTOUCHED && plan == UNTOUCHED && plan_verdict == UNTOUCHED &&
              command == UNTOUCHED);
    }

    /* Freeing NULL is a no-op. */
    edgeguard_guard_free(NULL);
    edgeguard_verdict_free(NULL);
    edgeguard_batch_free(NULL);
    edgeguard_robot_policy_free(NULL);
    edgeguard_plan_free(NULL);
    edgeguard_plan_verdict_free(NULL);
    edgeguard_command_verdict_free(NULL);
    CHECK(1);
}

static void test_text_errors(edgeguard_guard *guard) {
    edgeguard_verdict *verdict = UNTOUCHED;
    edgeguard_guard *small = NULL;
    const char *bad = "caf\xc3 au lait"; /* a lone lead byte at offset 3 */
    const char *good = "what is the capital of France";

    EXPECT_STATUS(edgeguard_check(guard, bad, strlen(bad), &verdict), EDGEGUARD_STATUS_INVALID_UTF8);
    CHECK(last_error_has("offset 3"));
    EXPECT_STATUS(edgeguard_check(guard, "\xff", 1, &verdict), EDGEGUARD_STATUS_INVALID_UTF8);
    /* The length is authoritative: the valid prefix alone is fine... */
    EXPECT_OK(edgeguard_check(guard, bad, 3, &verdict));
    edgeguard_verdict_free(verdict);
    verdict = UNTOUCHED;
    /* ...and a NUL inside the length is part of the text, not its end. */
    EXPECT_STATUS(edgeguard_check(guard, "ok\0\xff", 4, &verdict), EDGEGUARD_STATUS_INVALID_UTF8);
    EXPECT_STATUS(edgeguard_check_response(guard, good, strlen(good), bad, strlen(bad), &verdict),
                  EDGEGUARD_STATUS_INVALID_UTF8);
    CHECK(last_error_has("response"));
    EXPECT_STATUS(edgeguard_check_response(guard, bad, strlen(bad), good, strlen(good), &verdict),
                  EDGEGUARD_STATUS_INVALID_UTF8);
    CHECK(last_error_has("prompt"));

    /* Empty text, and whitespace with a zero-width space and a BOM only, are allowed. */
    {
        edgeguard_action action = EDGEGUARD_ACTION_BLOCK;
        float unsafe_probability = 1.0f;
        EXPECT_OK(edgeguard_check(guard, good, 0, &verdict));
        EXPECT_OK(edgeguard_verdict_action(verdict, &action));
        CHECK(action == EDGEGUARD_ACTION_ALLOW);
        edgeguard_verdict_free(verdict);
        EXPECT_OK(edgeguard_check(guard, " \t\n\xe2\x80\x8b\xef\xbb\xbf", 9, &verdict));
        EXPECT_OK(edgeguard_verdict_unsafe_probability(verdict, &unsafe_probability));
        CHECK(unsafe_probability == 0.0f);
        edgeguard_verdict_free(verdict);
        verdict = UNTOUCHED;
    }

    EXPECT_OK(edgeguard_guard_clone(guard, &small));
    EXPECT_OK(edgeguard_guard_set_max_input_bytes(small, 10));
    EXPECT_STATUS(edgeguard_check(small, good, strlen(good), &verdict),
                  EDGEGUARD_STATUS_INPUT_TOO_LARGE);
    CHECK(last_error_has("limit of 10 bytes"));
    EXPECT_OK(edgeguard_check(small, good, 10, &verdict));
    edgeguard_verdict_free(verdict);
    verdict = UNTOUCHED;
    edgeguard_guard_free(small);

    /* Lengths C cannot have are rejected before any read. */
    EXPECT_STATUS(edgeguard_check(guard, good, (size_t)-1, &verdict),
                  EDGEGUARD_STATUS_INVALID_ARGUMENT);
    CHECK(verdict == UNTOUCHED);
}

static void test_policy_errors(edgeguard_guard *guard) {
    const char *syntax = "{\"labels\": {\"S1\": {\"threshold\": 0.5,}}}";
    const char *threshold = "{\"labels\": {\"S12\": {\"threshold\": 2.0}}}";
    const char *unknown = "{\"labels\": {\"S99\": {\"enabled\": false}}}";
    const char *toml = "[defaults]\nenabled = maybe\n";
    const char *off = "[defaults]\nenabled = false\n";
    const char *bomb = "how do I make a pipe bomb";
    edgeguard_verdict *verdict = NULL;
    edgeguard_action action = EDGEGUARD_ACTION_ALLOW;

    EXPECT_STATUS(edgeguard_guard_set_policy(guard, syntax, strlen(syntax), EDGEGUARD_FORMAT_JSON),
                  EDGEGUARD_STATUS_POLICY);
    CHECK(last_error_has("line 1"));
    EXPECT_STATUS(
        edgeguard_guard_set_policy(guard, threshold, strlen(threshold), EDGEGUARD_FORMAT_JSON),
        EDGEGUARD_STATUS_POLICY);
    CHECK(last_error_has("S12"));
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, unknown, strlen(unknown), EDGEGUARD_FORMAT_JSON),
                  EDGEGUARD_STATUS_POLICY);
    CHECK(last_error_has("S99"));
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, toml, strlen(toml), EDGEGUARD_FORMAT_TOML),
                  EDGEGUARD_STATUS_POLICY);
    CHECK(last_error_has("line 2"));
    /* JSON text declared as TOML fails too. */
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, unknown, strlen(unknown), EDGEGUARD_FORMAT_TOML),
                  EDGEGUARD_STATUS_POLICY);
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, off, strlen(off), 7), EDGEGUARD_STATUS_OUT_OF_RANGE);
    CHECK(last_error_has("format 7"));
    EXPECT_STATUS(edgeguard_guard_set_policy(guard, "\xff", 1, EDGEGUARD_FORMAT_JSON),
                  EDGEGUARD_STATUS_INVALID_UTF8);

    /* After every rejected policy the default one still applies. */
    EXPECT_OK(edgeguard_check(guard, bomb, strlen(bomb), &verdict));
    EXPECT_OK(edgeguard_verdict_action(verdict, &action));
    CHECK(action == EDGEGUARD_ACTION_BLOCK);
    edgeguard_verdict_free(verdict);
}

/* Loads a guard from model files in memory, one of them replaced. */
static edgeguard_status load_from_memory(const unsigned char *model, size_t model_len,
                                         const unsigned char *tokenizer, size_t tokenizer_len,
                                         const unsigned char *config, size_t config_len) {
    edgeguard_guard *guard = UNTOUCHED;
    edgeguard_status status = edgeguard_guard_new_from_bytes(model, model_len, tokenizer,
                                                              tokenizer_len, config, config_len,
                                                              &guard);
    if (status == EDGEGUARD_STATUS_OK) {
        edgeguard_guard_free(guard);
    } else {
        CHECK(guard == UNTOUCHED);
    }
    return status;
}

static void test_model_errors(const char *model_dir) {
    char path[4096], path2[4096], path3[4096];
    unsigned char *model, *tokenizer, *config;
    size_t model_len, tokenizer_len, config_len;
    edgeguard_guard *guard = UNTOUCHED;

    model = read_file(join(path, sizeof path, model_dir, "model.nnef.tar"), &model_len);
    tokenizer = read_file(join(path, sizeof path, model_dir, "tokenizer.json"), &tokenizer_len);
    config = read_file(join(path, sizeof path, model_dir, "config.json"), &config_len);

    /* One flipped bit in the graph or the tokenizer: the SHA-256 no longer matches. */
    model[model_len / 2] ^= 0x01;
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len, config, config_len),
                  EDGEGUARD_STATUS_MODEL_CHECKSUM);
    CHECK(last_error_has("model.nnef.tar"));
    model[model_len / 2] ^= 0x01;
    EXPECT_STATUS(load_from_memory(model, model_len / 2, tokenizer, tokenizer_len, config,
                                   config_len),
                  EDGEGUARD_STATUS_MODEL_CHECKSUM);
    tokenizer[10] ^= 0x20;
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len, config, config_len),
                  EDGEGUARD_STATUS_MODEL_CHECKSUM);
    CHECK(last_error_has("tokenizer.json"));
    tokenizer[10] ^= 0x20;
    /* Files swapped, a truncated config, an empty one, garbage. */
    EXPECT_STATUS(load_from_memory(tokenizer, tokenizer_len, model, model_len, config, config_len),
                  EDGEGUARD_STATUS_MODEL_CHECKSUM);
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len, config,
                                   config_len / 2),
                  EDGEGUARD_STATUS_MODEL_CONFIG);
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len, config, 0),
                  EDGEGUARD_STATUS_MODEL_CONFIG);
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len,
                                   (const unsigned char *)"{}", 2),
                  EDGEGUARD_STATUS_MODEL_CONFIG);
    EXPECT_STATUS(load_from_memory(model, model_len, tokenizer, tokenizer_len, model, 4096),
                  EDGEGUARD_STATUS_MODEL_CONFIG);
    /* The untouched files still load. */
    EXPECT_OK(load_from_memory(model, model_len, tokenizer, tokenizer_len, config, config_len));

    /* Missing files. */
    EXPECT_STATUS(edgeguard_guard_new_from_dir("/nonexistent/edgeguard-model", &guard),
                  EDGEGUARD_STATUS_IO);
    CHECK(last_error_has("/nonexistent/edgeguard-model"));
    EXPECT_STATUS(edgeguard_guard_new_from_files(join(path, sizeof path, model_dir, "model.nnef.tar"),
                                                 "/nonexistent/tokenizer.json",
                                                 join(path3, sizeof path3, model_dir, "config.json"),
                                                 &guard),
                  EDGEGUARD_STATUS_IO);
    /* A model file given as the config. */
    EXPECT_STATUS(
        edgeguard_guard_new_from_files(join(path, sizeof path, model_dir, "model.nnef.tar"),
                                       join(path2, sizeof path2, model_dir, "tokenizer.json"),
                                       join(path3, sizeof path3, model_dir, "model.nnef.tar"), &guard),
        EDGEGUARD_STATUS_MODEL_CONFIG);
    CHECK(guard == UNTOUCHED);

    free(model);
    free(tokenizer);
    free(config);
}

static void test_plan_errors(const edgeguard_guard *guard, const char *robot_dir) {
    const char *minimal =
        "{\"propositions\": [\"at_lab\"], \"actions\": [{\"name\": \"enter\", \"sets\": "
        "[\"at_lab\"]}], \"constraints\": [{\"id\": \"no_lab\", \"message\": \"never enter the "
        "lab\", \"formula\": \"G !at_lab\"}]}";
    const char *unknown_prop =
        "{\"propositions\": [\"at_lab\"], \"constraints\": [{\"id\": \"c\", \"message\": \"m\", "
        "\"formula\": \"G !at_attic\"}]}";
    const char *contradiction =
        "{\"propositions\": [\"p\"], \"constraints\": [{\"id\": \"always\", \"message\": \"m\", "
        "\"formula\": \"G p\"}, {\"id\": \"never\", \"message\": \"m\", \"formula\": \"G !p\"}]}";
    const char *bad_formula =
        "{\"propositions\": [\"p\"], \"constraints\": [{\"id\": \"c\", \"message\": \"m\", "
        "\"formula\": \"G (p &\"}]}";
    edgeguard_robot_policy *policy = UNTOUCHED;
    edgeguard_plan *plan = UNTOUCHED;
    edgeguard_plan_verdict *verdict = UNTOUCHED;
    edgeguard_command_verdict *command = UNTOUCHED;
    size_t len = 0;
    (void)robot_dir;

    EXPECT_STATUS(edgeguard_robot_policy_new("{", 1, EDGEGUARD_FORMAT_JSON, &policy),
                  EDGEGUARD_STATUS_ROBOT_POLICY);
    EXPECT_STATUS(edgeguard_robot_policy_new(minimal, strlen(minimal), EDGEGUARD_FORMAT_TOML,
                                             &policy),
                  EDGEGUARD_STATUS_ROBOT_POLICY);
    EXPECT_STATUS(edgeguard_robot_policy_new(unknown_prop, strlen(unknown_prop),
                                             EDGEGUARD_FORMAT_JSON, &policy),
                  EDGEGUARD_STATUS_ROBOT_POLICY);
    CHECK(last_error_has("at_attic"));
    EXPECT_STATUS(edgeguard_robot_policy_new(contradiction, strlen(contradiction),
                                             EDGEGUARD_FORMAT_JSON, &policy),
                  EDGEGUARD_STATUS_ROBOT_POLICY);
    CHECK(last_error_has("always"));
    EXPECT_STATUS(edgeguard_robot_policy_new(bad_formula, strlen(bad_formula),
                                             EDGEGUARD_FORMAT_JSON, &policy),
                  EDGEGUARD_STATUS_ROBOT_POLICY);
    EXPECT_STATUS(edgeguard_robot_policy_new(minimal, strlen(minimal), 0, &policy),
                  EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_STATUS(edgeguard_robot_policy_new("\xc0\xaf", 2, EDGEGUARD_FORMAT_JSON, &policy),
                  EDGEGUARD_STATUS_INVALID_UTF8);
    CHECK(policy == UNTOUCHED);

    EXPECT_STATUS(edgeguard_plan_new("[\"enter\",", 9, &plan), EDGEGUARD_STATUS_PLAN);
    EXPECT_STATUS(edgeguard_plan_new("{\"steps\": 3}", 12, &plan), EDGEGUARD_STATUS_PLAN);
    EXPECT_STATUS(edgeguard_plan_new("[\"\xff\"]", 5, &plan), EDGEGUARD_STATUS_INVALID_UTF8);
    CHECK(plan == UNTOUCHED);

    policy = NULL;
    plan = NULL;
    EXPECT_OK(edgeguard_robot_policy_new(minimal, strlen(minimal), EDGEGUARD_FORMAT_JSON, &policy));
    /* A plan that parses but names an action the policy lacks. */
    EXPECT_OK(edgeguard_plan_new("[\"enter\", \"fly(attic)\"]", 23, &plan));
    EXPECT_STATUS(edgeguard_plan_check(policy, plan, &verdict), EDGEGUARD_STATUS_PLAN);
    CHECK(last_error_has("step 1"));
    EXPECT_STATUS(edgeguard_check_command(guard, "go", 2, policy, plan, &command),
                  EDGEGUARD_STATUS_PLAN);
    CHECK(verdict == UNTOUCHED && command == UNTOUCHED);
    edgeguard_plan_free(plan);

    /* Indices past the end. */
    plan = NULL;
    verdict = NULL;
    EXPECT_OK(edgeguard_plan_new("[\"enter\"]", 9, &plan));
    EXPECT_OK(edgeguard_plan_check(policy, plan, &verdict));
    {
        const char *id = UNTOUCHED, *constraint = UNTOUCHED, *message = UNTOUCHED;
        edgeguard_constraint_status status = EDGEGUARD_CONSTRAINT_STATUS_PENDING;
        edgeguard_reason_kind kind = EDGEGUARD_REASON_KIND_OTHER;
        size_t step = 7;
        EXPECT_OK(edgeguard_plan_verdict_reason_count(verdict, &len));
        CHECK(len == 1);
        EXPECT_STATUS(edgeguard_plan_verdict_constraint(verdict, 1, &id, &status, &step),
                      EDGEGUARD_STATUS_OUT_OF_RANGE);
        CHECK(last_error_has("constraint index 1"));
        EXPECT_STATUS(edgeguard_plan_verdict_constraint(verdict, 0, &id, NULL, &step),
                      EDGEGUARD_STATUS_NULL_ARGUMENT);
        EXPECT_STATUS(edgeguard_plan_verdict_reason(verdict, 1, &kind, &constraint, &message, &step),
                      EDGEGUARD_STATUS_OUT_OF_RANGE);
        CHECK(id == UNTOUCHED && constraint == UNTOUCHED && message == UNTOUCHED && step == 7);
        CHECK(status == EDGEGUARD_CONSTRAINT_STATUS_PENDING && kind == EDGEGUARD_REASON_KIND_OTHER);
    }
    edgeguard_plan_verdict_free(verdict);
    edgeguard_plan_free(plan);
    edgeguard_robot_policy_free(policy);
}

static void test_ranges_and_buffers(const edgeguard_guard *guard) {
    const char *text = "what is the capital of France";
    edgeguard_verdict *verdict = NULL;
    edgeguard_label label = 200;
    const char *name = UNTOUCHED;
    float probabilities[EDGEGUARD_LABEL_COUNT];
    float p = -1.0f;
    char small[8];
    size_t written = 99, len = 0;

    EXPECT_OK(edgeguard_check(guard, text, strlen(text), &verdict));
    EXPECT_STATUS(edgeguard_verdict_fired_label(verdict, 0, &label), EDGEGUARD_STATUS_OUT_OF_RANGE);
    CHECK(label == 200);
    EXPECT_STATUS(edgeguard_verdict_label_probability(verdict, EDGEGUARD_LABEL_COUNT, &p),
                  EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_STATUS(edgeguard_verdict_label_probability(verdict, 255, &p),
                  EDGEGUARD_STATUS_OUT_OF_RANGE);
    CHECK(p == -1.0f);
    probabilities[0] = -1.0f;
    EXPECT_STATUS(edgeguard_verdict_label_probabilities(verdict, probabilities,
                                                        EDGEGUARD_LABEL_COUNT - 1),
                  EDGEGUARD_STATUS_BUFFER_TOO_SMALL);
    CHECK(probabilities[0] == -1.0f);
    edgeguard_verdict_free(verdict);

    EXPECT_STATUS(edgeguard_label_name(EDGEGUARD_LABEL_COUNT, &name), EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_STATUS(edgeguard_label_description(255, &name), EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_STATUS(edgeguard_label_from_name("s1", 2, &label), EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_STATUS(edgeguard_label_from_name("S1 ", 3, &label), EDGEGUARD_STATUS_OUT_OF_RANGE);
    CHECK(name == UNTOUCHED && label == 200);

    /* The last error: length, truncation on a character boundary, not cleared by reading. */
    EXPECT_STATUS(edgeguard_label_from_name("\xc3\xa9t\xc3\xa9", 5, &label),
                  EDGEGUARD_STATUS_OUT_OF_RANGE);
    EXPECT_OK(edgeguard_last_error_length(&len));
    CHECK(len > sizeof small);
    EXPECT_STATUS(edgeguard_last_error_message(small, sizeof small, &written),
                  EDGEGUARD_STATUS_BUFFER_TOO_SMALL);
    CHECK(written < sizeof small && small[written] == '\0' && strlen(small) == written);
    EXPECT_STATUS(edgeguard_last_error_message(NULL, 0, NULL), EDGEGUARD_STATUS_BUFFER_TOO_SMALL);
    EXPECT_STATUS(edgeguard_last_error_message(NULL, 4, NULL), EDGEGUARD_STATUS_NULL_ARGUMENT);
    CHECK(last_error_has("\xc3\xa9t\xc3\xa9"));
    /* A successful call clears it. */
    EXPECT_OK(edgeguard_label_name(0, &name));
    EXPECT_OK(edgeguard_last_error_length(&len));
    CHECK(len == 0);
    EXPECT_OK(edgeguard_last_error_message(NULL, 0, &written));
    CHECK(written == 0);
}

int main(int argc, char **argv) {
    edgeguard_guard *guard = NULL;
    if (argc != 3) {
        fprintf(stderr, "usage: %s MODEL_DIR ROBOT_EXAMPLES_DIR\n", argv[0]);
        return 2;
    }
    EXPECT_OK(edgeguard_guard_new(&guard));
    if (guard == NULL) {
        return harness_finish("test_errors");
    }
    test_null_arguments(guard);
    test_text_errors(guard);
    test_policy_errors(guard);
    test_model_errors(argv[1]);
    test_plan_errors(guard, argv[2]);
    test_ranges_and_buffers(guard);
    edgeguard_guard_free(guard);
    return harness_finish("test_errors");
}
