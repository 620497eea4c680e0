# Compares two outputs of tests/parity.c: awk -f compare_parity.awk EXPECTED ACTUAL
# Lines must agree on index, action and fired labels; probabilities within TOL (default 1e-3).
# Prints one line per mismatch and the largest difference seen; exits 1 on any mismatch.
BEGIN { if (TOL == "") TOL = 1e-3 }
FNR == NR { expected[FNR] = $0; n_expected = FNR; next }
{
    n_actual = FNR
    split(expected[FNR], e, " ")
    if (e[1] != $1 || e[2] != $2 || e[3] != $3) {
        printf "line %d: expected \"%s %s %s\", got \"%s %s %s\"\n", FNR, e[1], e[2], e[3], $1, $2, $3
        bad++
        next
    }
    for (i = 4; i <= NF; i++) {
        d = e[i] - $i
        if (d < 0) d = -d
        if (d > max) max = d
        if (d > TOL) {
            printf "line %d field %d: %s vs %s (difference %g > %g)\n", FNR, i, e[i], $i, d, TOL
            bad++
        }
    }
}
END {
    if (n_expected != n_actual || n_expected == 0) {
        printf "expected %d lines, got %d\n", n_expected, n_actual
        bad++
    }
    printf "parity: %d texts, largest probability difference %g, %d mismatches\n", n_actual, max, bad
    exit bad > 0
}
