use super::*;

fn eval_str(src: &str, result: Value) -> Result<bool, String> {
    let cond = Condition::parse(src).map_err(|e| format!("parse: {e}"))?;
    cond.evaluate(&result).map_err(|e| format!("eval: {e}"))
}

/// (condition, result, expected verdict)
macro_rules! evaluates {
        ($($name:ident: $src:expr, $result:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                assert_eq!(eval_str($src, $result), Ok($expected), "{}", $src);
            }
        )*};
    }

/// (condition, result, expected error substring)
macro_rules! fails {
        ($($name:ident: $src:expr, $result:expr => $expected:expr;)*) => {$(
            #[test]
            fn $name() {
                let got = eval_str($src, $result);
                match got {
                    Err(msg) => assert!(msg.contains($expected), "{}: got {msg:?}, want {:?}", $src, $expected),
                    Ok(v) => panic!("{}: expected an error containing {:?}, got {v}", $src, $expected),
                }
            }
        )*};
    }

fn l(v: &[f64]) -> Value {
    Value::list(v)
}
fn n(v: f64) -> Value {
    Value::Num(v)
}

evaluates! {
    first_element_above_threshold_passes: "result[0] >= 0.99", l(&[0.995]) => true;
    first_element_below_threshold_fails: "result[0] >= 0.99", l(&[0.93]) => false;
    scalar_result_compares_directly: "result > 0.2", n(0.5) => true;
    negative_index_counts_from_end: "result[-1] == 3", l(&[1.0, 2.0, 3.0]) => true;
    len_guards_an_empty_list: "len(result) > 0 && result[0] < 0.5", l(&[]) => false;
    len_and_index_on_a_list: "len(result) > 0 && result[0] < 0.5", l(&[0.1]) => true;
    word_operators_work_like_symbols: "not (result[0] < 1 and result[0] > 0) or false", l(&[0.5]) => false;
    or_short_circuits_past_a_bad_index: "len(result) == 0 || result[0] > 1", l(&[]) => true;
    arithmetic_follows_precedence: "1 + 2 * 3 == 7 && (1 + 2) * 3 == 9", n(0.0) => true;
    division_is_float_division: "7 / 2 == 3.5", n(0.0) => true;
    modulo_of_integers: "7 % 3 == 1", n(0.0) => true;
    unary_minus_binds_tighter_than_comparison: "-result < 0", n(2.0) => true;
    nan_is_never_greater_or_less: "result > 0.5 || result <= 0.5", n(f64::NAN) => false;
    is_nan_detects_nan: "isNaN(result[0])", l(&[f64::NAN]) => true;
    is_inf_detects_either_infinity: "isInf(result) && isInf(-result)", n(f64::INFINITY) => true;
    is_nil_on_a_number_is_false: "isNil(result)", n(1.0) => false;
    is_nil_on_nil_is_true: "isNil(result)", Value::Nil => true;
    default_replaces_nil: "default(result, 0.5) == 0.5", Value::Nil => true;
    default_keeps_a_value: "default(result, 0.5) == 0.9", n(0.9) => true;
    as_int_truncates: "asInt(result) == 3", n(3.7) => true;
    as_float_is_identity_on_numbers: "asFloat(result[0]) == 0.25", l(&[0.25]) => true;
    all_checks_every_element: "all(result, {# > 0.9})", l(&[0.95, 0.99]) => true;
    all_fails_on_one_low_element: "all(result, {# > 0.9})", l(&[0.95, 0.5]) => false;
    all_of_an_empty_list_is_true: "all(result, {# > 0.9})", l(&[]) => true;
    any_finds_one_element: "any(result, {# < 0.5})", l(&[0.95, 0.4]) => true;
    none_is_the_negation_of_any: "none(result, {# < 0.5})", l(&[0.95]) => true;
    min_and_max_of_a_list: "min(result) == 1 && max(result) == 3 && max(1, 5) == 5", l(&[2.0, 1.0, 3.0]) => true;
    abs_of_negative: "abs(-2) == 2", n(0.0) => true;
    literals_and_equality: "true != false && nil == nil", n(0.0) => true;
    exponent_and_underscores_in_numbers: "1_000 == 1e3 && 2.5E-1 == 0.25", n(0.0) => true;
    ternary_and_in: "(0.5 in result ? 1 : 2) == 1 && 3 not in result", l(&[0.5]) => true;
        literal_forms: ".5 + 5. == 5.5 && 0x10 == 16 && 0o17 == 15 && 0b101 == 5 && 2 ** 3 == 8 && 2 ^ 0.5 > 1.41", n(0.0) => true;
        builtins_without_braces: "any(result, # > 0.9) && one(result, isNaN(#)) && count(result, # > 0) == 2", l(&[0.95, f64::NAN, 0.1]) => true;
        aggregates: "sum(result) == 6 && mean(result) == 2 && median(result) == 2 && first(result) == 1 && last(result) == 3", l(&[1.0, 2.0, 3.0]) => true;
        rounding: "ceil(1.2) == 2 && floor(-1.2) == -2 && round(2.5) == 3 && int(3.9) == 3 && float(2) / 4 == 0.5", n(0.0) => true;
        filter_and_map: "len(filter(result, # > 1)) == 2 && map(result, # * 2)[2] == 6", l(&[1.0, 2.0, 3.0]) => true;
        integer_division_is_float: "7 / 2 == 3.5 && 7 % 2 == 1", n(0.0) => true;
        constant_folding_skips_a_bad_index: "result[5] > 1 || true", l(&[]) => true;
        as_int_of_nan_is_go_min_int: "asInt(result) == -9223372036854775807 - 1", n(f64::NAN) => true;
        as_int_beyond_int64_is_go_min_int: "asInt(result) < 0", n(1e19) => true;
        default_ignores_its_first_argument: "default(nil, 7) == result", n(0.5) => true;
        comparison_chains: "0 < result < 1", n(0.5) => true;
        find_last_first_is_fine: "last(filter(result, # > 1)) == 3 && (filter(result, # > 1)[-1] * 2) + 1 == 7", l(&[1.0, 2.0, 3.0]) => true;
        slices_as_go_clamps_them: "len(result[1:]) == 2 && result[-2:][0] == 2 && len(result[5:]) == 0 && result[:1] == [1]", l(&[1.0, 2.0, 3.0]) => true;
        nil_coalescing_and_if_else: "(first(result) ?? 7) == 7 && (if len(result) == 0 { true } else { false })", l(&[]) => true;
        nested_predicates_see_their_own_element: "all(result, {# > 0 && any(result, {# > 2})})", l(&[1.0, 3.0]) => true;
}

fails! {
    index_out_of_range_on_empty_result: "result[0] >= 0.99", l(&[]) => "eval: index out of range: 0 (array length 0)";
    index_on_a_scalar: "result[0] > 1", n(1.0) => "type float64[int] is undefined (the query returned a scalar";
    comparing_a_list_to_a_number: "result >= 0.99", l(&[1.0]) => "invalid operation: >= (mismatched types []float64 and float64) (the query returned a vector: `result` is a list; index it, result[0]";
    condition_must_be_bool: "result[0] + 1", l(&[1.0]) => "expected the condition to be a bool";
    as_int_of_a_list: "asInt(result) > 0", l(&[1.0]) => "asInt() not supported on array";
    modulo_by_zero_at_runtime: "asInt(result) % 0 == 1", n(1.0) => "integer divide by zero";
    len_of_a_number: "len(result) > 0", n(0.0) => "invalid argument for len (type float64)";
    is_nan_of_an_int_is_an_error: "isNaN(len(result))", l(&[1.0]) => "isNaN() expects a float64, got int";
    all_over_a_scalar: "all(result, {# > 1})", n(2.0) => "builtin all takes only array (got float64)";
    is_nan_of_a_list: "isNaN(result)", l(&[1.0]) => "cannot use []float64 as argument (type float64) to call isNaN";
}

macro_rules! rejects {
        ($($name:ident: $src:expr => $column:expr, $message:expr;)*) => {$(
            #[test]
            fn $name() {
                let err = Condition::parse($src).expect_err($src);
                assert_eq!(err.column, $column, "{}: {err}", $src);
                assert!(err.message.contains($message), "{}: got {:?}, want {:?}", $src, err.message, $message);
            }
        )*};
    }

rejects! {
    missing_close_paren: "(result[0] >= 0.99" => 19, "expected `)`, found the end of the condition";
    missing_close_paren_midway: "len(result > 0" => 15, "expected `,` or `)`";
    missing_close_bracket: "result[0 >= 1" => 14, "expected `]`";
    unknown_variable: "results[0] > 1" => 1, "unknown name `results`";
    unknown_function: "sqrt(result) > 1" => 1, "unknown function `sqrt`";
    string_compared_with_a_number: "result == \"x\"" => 8, "mismatched types";
    member_access: "result.value > 1" => 7, "member access";
    single_equals: "result = 1" => 8, "use `==`";
    dangling_operator: "result[0] >=" => 13, "expected a value";
    empty_condition: "" => 1, "expected a value";
    trailing_tokens: "result > 1 2" => 12, "unexpected number 2";
    hash_outside_predicate: "# > 1" => 1, "only allowed inside a predicate";
    predicate_with_two_arguments: "all(result, # > 1, 2)" => 18, "takes 2 arguments";
    wrong_arity: "len(result, 1) > 0" => 1, "expected 1, got 2";
        is_inf_takes_one_argument: "isInf(result, 0)" => 1, "too many arguments to call isInf";
        modulo_of_floats: "result % 2.5 == 0" => 8, "invalid operation: %";
        literal_modulo_by_zero: "5 % 0 == 1" => 3, "integer divide by zero";
        float_literal_out_of_range: "result < 1e400" => 10, "invalid float literal";
        int_literal_out_of_range: "result < 9223372036854775808" => 10, "invalid integer literal";
        and_requires_bools: "1 && true" => 3, "invalid operation: && (mismatched types int and bool)";
    function_without_call: "len > 0" => 1, "is a function";
    unknown_character: "result > 1 @ 2" => 12, "unrecognized character `@`";
    member_access_on_a_call: "len(result).x > 1" => 12, "member access";
    find_last_after_another_value: "3 == last(filter(result, # > 1))" => 6, "findLast";
    find_last_by_index_after_another_value: "0 >= filter(result, # > 1)[-1]" => 27, "findLast";
    number_glued_to_letters: "1abc > 0" => 1, "bad number syntax";
}

#[test]
fn explain_shows_the_comparison_that_held() {
    let c = Condition::parse("result[0] >= 0.99").unwrap();
    assert_eq!(c.explain(&Value::list(&[0.93]), false), "0.93 < 0.99");
    assert_eq!(c.explain(&Value::list(&[0.995]), true), "0.995 >= 0.99");
    let c = Condition::parse("len(result) > 0 && result[0] < 0.5").unwrap();
    assert_eq!(
        c.explain(&Value::list(&[]), false),
        "`len(result) > 0 && result[0] < 0.5` is false for result []"
    );
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let src = format!("{}1{}", "(".repeat(10_000), ")".repeat(10_000));
    let err = Condition::parse(&src).unwrap_err();
    assert!(err.message.contains("nested too deeply"), "{err}");
}

#[test]
fn columns_count_characters_not_bytes() {
    let err = Condition::parse("µ > 1").unwrap_err();
    assert_eq!(err.column, 1);
    let err = Condition::parse("1 > µ").unwrap_err();
    assert_eq!(err.column, 5);
}

mod prop {
    use super::super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn arbitrary_strings_never_panic(src in "\\PC{0,80}", x in any::<f64>()) {
            if let Ok(cond) = Condition::parse(&src) {
                let _ = cond.evaluate(&Value::list(&[x]));
                let _ = cond.evaluate(&Value::Num(x));
                let _ = cond.evaluate(&Value::list(&[]));
            }
        }

        #[test]
        fn expression_shaped_strings_never_panic(
            src in "[-+*/%()\\[\\]{}#!<>=&|, 0-9.a-z]{0,60}|(result|len|all|any|isNaN|default|\\[|\\]|\\(|\\)|\\{|\\}|#|,|&&|\\|\\||<|>=|-|%|/|0|1|-1|0.5| )*"
        ) {
            if let Ok(cond) = Condition::parse(&src) {
                let _ = cond.evaluate(&Value::list(&[0.5, f64::NAN]));
                let _ = cond.evaluate(&Value::Num(0.0));
                let _ = cond.evaluate(&Value::Nil);
            }
        }
    }
}
