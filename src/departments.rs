//! The department registry: one canonical full name per department and the short forms the lists
//! use for it. The importer resolves every department cell through it, search scopes by it, and
//! docs/data.md prints it (a test keeps the two identical).

/// A county department (or the one group the lists name as a whole).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Department {
    pub name: &'static str,
    pub aliases: &'static [&'static str],
}

const fn dept(name: &'static str, aliases: &'static [&'static str]) -> Department {
    Department { name, aliases }
}

/// 玛纳斯县 and the prefecture and state bodies that act in it, in first-seen order.
pub const REGISTRY: &[Department] = &[
    dept("玛纳斯县委组织部", &["县委组织部"]),
    dept("玛纳斯县委宣传部", &["县委宣传部"]),
    dept("玛纳斯县委统战部", &["县委统战部"]),
    dept("玛纳斯县委政法委员会", &["县委政法委员会", "县委政法委"]),
    dept("玛纳斯县委社会工作部", &["县委社会工作部"]),
    dept(
        "玛纳斯县委机构编制委员会办公室",
        &["县委机构编制委员会办公室", "县委编办"],
    ),
    dept("玛纳斯县委党史和文献研究室", &["县委党史和文献研究室"]),
    dept("玛纳斯县人大常委会办公室", &["县人大常委会办公室"]),
    dept(
        "玛纳斯县政治协商委员会办公室",
        &["县政治协商委员会办公室", "县政协办公室"],
    ),
    dept("玛纳斯县人民政府办公室", &["县人民政府办公室"]),
    dept("玛纳斯县发展和改革委员会", &["县发展和改革委员会"]),
    dept("玛纳斯县教育局", &["县教育局"]),
    dept("玛纳斯县科学技术局", &["县科学技术局"]),
    dept("玛纳斯县商务和工业信息化局", &["县商务和工业信息化局"]),
    dept("玛纳斯县公安局", &["县公安局"]),
    dept("玛纳斯县民政局", &["县民政局"]),
    dept("玛纳斯县司法局", &["县司法局"]),
    dept("玛纳斯县财政局", &["县财政局"]),
    dept("玛纳斯县人力资源和社会保障局", &["县人力资源和社会保障局"]),
    dept("玛纳斯县自然资源局", &["县自然资源局"]),
    dept("玛纳斯县住房和城乡建设局", &["县住房和城乡建设局"]),
    dept("玛纳斯县交通运输局", &["县交通运输局"]),
    dept("玛纳斯县水利局", &["县水利局"]),
    dept("玛纳斯县农业农村局", &["县农业农村局"]),
    dept("玛纳斯县林业和草原局", &["县林业和草原局"]),
    dept(
        "玛纳斯县文化体育广播电视和旅游局",
        &["县文化体育广播电视和旅游局"],
    ),
    dept("玛纳斯县卫生健康委员会", &["县卫生健康委员会"]),
    dept("玛纳斯县应急管理局", &["县应急管理局"]),
    dept("玛纳斯县市场监督管理局", &["县市场监督管理局"]),
    dept("玛纳斯县医疗保障局", &["县医疗保障局"]),
    dept("玛纳斯县消防救援局", &["县消防救援局"]),
    dept("玛纳斯县总工会", &["县总工会"]),
    dept(
        "玛纳斯县残疾人联合会",
        &["玛纳斯县残联", "县残疾人联合会", "县残联"],
    ),
    dept("玛纳斯县红十字会", &["县红十字会"]),
    dept(
        "昌吉州生态环境局玛纳斯县分局",
        &["州生态环境局玛纳斯县分局"],
    ),
    dept("国家统计局玛纳斯调查队", &[]),
    dept(
        "国家税务总局玛纳斯县税务局",
        &["玛纳斯县税务局", "县税务局"],
    ),
    dept(
        "国网新疆电力有限公司昌吉供电公司玛纳斯县供电分公司",
        &["玛纳斯县供电分公司"],
    ),
    // coop-81 names "县应急管理局及其他负有安全生产监督管理职责的部门": the second half is a group.
    dept("其他负有安全生产监督管理职责的部门", &[]),
];

/// Looks a name up among canonical names and aliases (exact match).
pub fn resolve(name: &str) -> Option<&'static Department> {
    REGISTRY
        .iter()
        .find(|d| d.name == name || d.aliases.contains(&name))
}

/// Every spelling the registry knows, longest first, for segmenting a cell that runs names together.
fn spellings() -> impl Iterator<Item = (&'static str, &'static Department)> {
    REGISTRY
        .iter()
        .flat_map(|d| std::iter::once((d.name, d)).chain(d.aliases.iter().map(move |&a| (a, d))))
}

/// Words that join two names inside one cell: "A及B".
const JOINERS: &[&str] = &["及"];

/// Splits a run of names with no separators ("玛纳斯县委宣传部县文化体育广播电视和旅游局") into
/// registry departments, or `None` if any part is not a known name. Returns, for each department,
/// the character offset where its spelling ends in `text`.
pub fn segment(text: &str) -> Option<Vec<(&'static Department, usize)>> {
    fn go(rest: &str, offset: usize, out: &mut Vec<(&'static Department, usize)>) -> bool {
        if rest.is_empty() {
            return true;
        }
        let mut candidates: Vec<_> = spellings().filter(|(s, _)| rest.starts_with(s)).collect();
        candidates.sort_by_key(|(s, _)| std::cmp::Reverse(s.len()));
        for (spelling, department) in candidates {
            let end = offset + spelling.chars().count();
            out.push((department, end));
            let after = &rest[spelling.len()..];
            if go(after, end, out) {
                return true;
            }
            for joiner in JOINERS {
                if let Some(next) = after.strip_prefix(joiner) {
                    if !next.is_empty() && go(next, end + joiner.chars().count(), out) {
                        return true;
                    }
                }
            }
            out.pop();
        }
        false
    }
    let mut out = Vec::new();
    go(text, 0, &mut out).then_some(out)
}

/// The departments `text` names anywhere in it, each once, in order of first mention, with the
/// byte offset and the spelling used ("县应急管理局").
pub fn mentions(text: &str) -> Vec<(&'static Department, usize, &'static str)> {
    let mut found: Vec<(&'static Department, usize, &'static str)> = Vec::new();
    for (spelling, department) in spellings() {
        let Some(at) = text.find(spelling) else {
            continue;
        };
        match found.iter_mut().find(|(d, _, _)| d.name == department.name) {
            // The earliest mention, and at one place the longest spelling.
            Some(entry) if at < entry.1 || (at <= entry.1 && spelling.len() > entry.2.len()) => {
                *entry = (department, at, spelling);
            }
            Some(_) => {}
            None => found.push((department, at, spelling)),
        }
    }
    found.sort_by_key(|&(_, at, _)| at);
    found
}

/// The registry as the Markdown table that docs/data.md carries.
pub fn markdown_table() -> String {
    let mut table = String::from("| 规范名称 | 简称（别名） |\n|---|---|\n");
    for d in REGISTRY {
        let aliases = if d.aliases.is_empty() {
            "—".to_string()
        } else {
            d.aliases.join("、")
        };
        table.push_str(&format!("| {} | {} |\n", d.name, aliases));
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_name_each_department_once_at_its_first_place() {
        let text = "协助县应急管理局和玛纳斯县水利局，再报县应急管理局";
        let found: Vec<(&str, &str)> = mentions(text)
            .into_iter()
            .map(|(d, _, spelling)| (d.name, spelling))
            .collect();
        assert_eq!(
            found,
            [
                ("玛纳斯县应急管理局", "县应急管理局"),
                ("玛纳斯县水利局", "玛纳斯县水利局")
            ]
        );
    }

    #[test]
    fn short_forms_resolve_to_one_canonical_name() {
        assert_eq!(
            resolve("县文化体育广播电视和旅游局").map(|d| d.name),
            Some("玛纳斯县文化体育广播电视和旅游局")
        );
        assert_eq!(
            resolve("玛纳斯县残联").map(|d| d.name),
            Some("玛纳斯县残疾人联合会")
        );
        assert_eq!(resolve("县文化局"), None);
    }

    #[test]
    fn names_run_together_are_segmented() {
        let names =
            |text| segment(text).map(|parts| parts.iter().map(|(d, _)| d.name).collect::<Vec<_>>());
        assert_eq!(
            names("玛纳斯县委宣传部县文化体育广播电视和旅游局"),
            Some(vec!["玛纳斯县委宣传部", "玛纳斯县文化体育广播电视和旅游局"])
        );
        assert_eq!(
            names("玛纳斯县应急管理局及其他负有安全生产监督管理职责的部门"),
            Some(vec![
                "玛纳斯县应急管理局",
                "其他负有安全生产监督管理职责的部门"
            ])
        );
        assert_eq!(names("玛纳斯县应急管理"), None);
    }

    #[test]
    fn no_spelling_names_two_departments() {
        let mut seen = std::collections::HashMap::new();
        for (spelling, d) in spellings() {
            if let Some(other) = seen.insert(spelling, d.name) {
                assert_eq!(other, d.name, "「{spelling}」 names two departments");
            }
        }
    }
}
