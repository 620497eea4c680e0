//! Name templates: `at_{room}` expands over a domain, or takes an action's argument.

use alloc::collections::BTreeMap;
use alloc::string::String;
use alloc::vec::Vec;

/// A piece of a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Seg<'a> {
    Text(&'a str),
    Var(&'a str),
}

/// Splits a template into text and `{var}` pieces; `None` if braces are unbalanced or empty.
fn segments(template: &str) -> Option<Vec<Seg<'_>>> {
    let mut out = Vec::new();
    let mut rest = template;
    while !rest.is_empty() {
        match rest.find(['{', '}']) {
            None => {
                out.push(Seg::Text(rest));
                break;
            }
            Some(i) if rest.as_bytes()[i] == b'}' => return None,
            Some(i) => {
                if i > 0 {
                    out.push(Seg::Text(&rest[..i]));
                }
                let close = rest[i + 1..].find('}')? + i + 1;
                let var = &rest[i + 1..close];
                if var.is_empty() || var.contains('{') {
                    return None;
                }
                out.push(Seg::Var(var));
                rest = &rest[close + 1..];
            }
        }
    }
    Some(out)
}

/// The distinct placeholders of a template, in order of first use; `None` if malformed.
pub(crate) fn vars(template: &str) -> Option<Vec<&str>> {
    let mut vars = Vec::new();
    for seg in segments(template)? {
        if let Seg::Var(v) = seg {
            if !vars.contains(&v) {
                vars.push(v);
            }
        }
    }
    Some(vars)
}

/// Fills the placeholders with `value(name)`; `None` if malformed or a name has no value.
pub(crate) fn render<'v>(
    template: &str,
    value: impl Fn(&str) -> Option<&'v str>,
) -> Option<String> {
    let mut out = String::new();
    for seg in segments(template)? {
        match seg {
            Seg::Text(t) => out.push_str(t),
            Seg::Var(v) => out.push_str(value(v)?),
        }
    }
    Some(out)
}

/// Every instance of a template whose placeholders name domains (one value per distinct
/// placeholder, all combinations, in domain order). `None` if malformed or a domain is unknown.
pub(crate) fn expand(
    template: &str,
    domains: &BTreeMap<String, Vec<String>>,
) -> Option<Vec<String>> {
    let vars = vars(template)?;
    let values: Vec<&Vec<String>> = vars
        .iter()
        .map(|v| domains.get(*v))
        .collect::<Option<_>>()?;
    let mut out = Vec::new();
    let mut pick = alloc::vec![0usize; vars.len()];
    if values.iter().any(|v| v.is_empty()) {
        return Some(out);
    }
    loop {
        let lookup = |name: &str| {
            let k = vars.iter().position(|v| *v == name)?;
            Some(values[k][pick[k]].as_str())
        };
        out.push(render(template, lookup)?);
        // Odometer increment, last placeholder fastest.
        let mut k = vars.len();
        loop {
            if k == 0 {
                return Some(out);
            }
            k -= 1;
            pick[k] += 1;
            if pick[k] < values[k].len() {
                break;
            }
            pick[k] = 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use alloc::string::ToString;

    fn domains() -> BTreeMap<String, Vec<String>> {
        let mut d = BTreeMap::new();
        d.insert(
            "room".to_string(),
            alloc::vec!["hall".to_string(), "lab".to_string()],
        );
        d.insert(
            "floor".to_string(),
            alloc::vec!["f1".to_string(), "f2".to_string()],
        );
        d
    }

    #[test]
    fn expands_over_domains() {
        assert_eq!(
            expand("at_{room}", &domains()).unwrap(),
            ["at_hall", "at_lab"]
        );
        assert_eq!(
            expand("{room}_on_{floor}", &domains()).unwrap(),
            ["hall_on_f1", "hall_on_f2", "lab_on_f1", "lab_on_f2"]
        );
        assert_eq!(
            expand("{room}_{room}", &domains()).unwrap(),
            ["hall_hall", "lab_lab"]
        );
        assert_eq!(expand("landed", &domains()).unwrap(), ["landed"]);
        assert!(expand("at_{attic}", &domains()).is_none());
    }

    #[test]
    fn malformed_templates() {
        for bad in ["at_{room", "at_room}", "at_{}", "at_{{room}}"] {
            assert!(vars(bad).is_none(), "{bad}");
        }
        assert_eq!(vars("{to}_{from}_{to}").unwrap(), ["to", "from"]);
        assert_eq!(
            render("at_{to}", |v| (v == "to").then_some("lab")).unwrap(),
            "at_lab"
        );
        assert!(render("at_{to}", |_| None).is_none());
    }
}
