//! A small list to choose from, narrowed by typing: departments (d), categories (c), the
//! related items of the selected one (r).

use super::action::Action;
use super::edit::{Outcome, TextEdit};
use crate::departments;
use crate::model::{Item, ListKind};
use crate::search::{NameFilter, ScopeField, ScopeTerm};
use crate::towns::Towns;

use super::input::LineInput;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PickerKind {
    Department,
    Category,
    Related,
    Town,
    /// The town a notice is read against (several loaded, none in scope).
    AdmitTown,
    /// A person's verdict on a task: 清单外, or one of the town's items.
    Decision,
}

impl PickerKind {
    pub fn title(self) -> &'static str {
        match self {
            PickerKind::Department => "按部门查看",
            PickerKind::Category => "按类别查看",
            PickerKind::Related => "相关事项",
            PickerKind::Town => "选乡镇",
            PickerKind::AdmitTown => "对照哪个乡镇的清单读这份通知",
            PickerKind::Decision => "改判断：清单外，或输入编号、名称选一个事项",
        }
    }
}

/// What choosing an entry does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Choice {
    /// Put this scope (`部门:…`, `类别:…`) in the query, replacing one of its kind.
    Scope(ScopeTerm),
    /// Go to this item.
    Item(usize),
    /// Show only this town's items (`None`: every town's).
    Town(Option<usize>),
    /// Read the notice against this town's lists.
    AdmitTown(usize),
    /// Decide a task: this item (its index in the combined run), or `None` for 清单外.
    Decision(Option<usize>),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Entry {
    pub label: String,
    /// Counts and the like, joined on screen with the theme's separator (ASCII under --ascii).
    pub detail: Vec<String>,
    pub choice: Choice,
}

pub struct Picker {
    pub kind: PickerKind,
    pub entries: Vec<Entry>,
    filter: NameFilter,
    pub input: LineInput,
    /// Indices into `entries` that match the input, best first.
    pub shown: Vec<usize>,
    pub selected: usize,
}

impl Picker {
    /// A picker over `entries`, each found by its label and the other spellings in `also`.
    pub fn new(kind: PickerKind, entries: Vec<Entry>, also: &[String]) -> Picker {
        let texts: Vec<String> = entries
            .iter()
            .enumerate()
            .map(|(i, e)| match also.get(i) {
                Some(more) if !more.is_empty() => format!("{}\n{more}", e.label),
                _ => e.label.clone(),
            })
            .collect();
        let texts: Vec<&str> = texts.iter().map(String::as_str).collect();
        let filter = NameFilter::new(&texts);
        let shown = (0..entries.len()).collect();
        Picker {
            kind,
            entries,
            filter,
            input: LineInput::default(),
            shown,
            selected: 0,
        }
    }

    /// Every department of the dataset with its cooperative and recalled counts, most first.
    pub fn departments<I: std::borrow::Borrow<Item>>(items: impl IntoIterator<Item = I>) -> Picker {
        let mut counts: Vec<(String, usize, usize)> = Vec::new();
        // Found by name in a map: a province has thousands of departments (each county's own).
        let mut known = std::collections::HashMap::new();
        for item in items {
            let item = item.borrow();
            for name in &item.departments {
                let at = counted(&mut known, &mut counts, name, || (name.clone(), 0, 0));
                match item.list {
                    ListKind::Coop => counts[at].1 += 1,
                    ListKind::Recalled => counts[at].2 += 1,
                    ListKind::Basic => {}
                }
            }
        }
        counts.sort_by_key(|(_, coop, recalled)| std::cmp::Reverse(coop + recalled));
        let aliases: Vec<String> = counts
            .iter()
            .map(|(name, _, _)| {
                departments::resolve(name).map_or(String::new(), |d| d.aliases.join("\n"))
            })
            .collect();
        let entries = counts
            .into_iter()
            .map(|(name, coop, recalled)| Entry {
                detail: vec![format!("配合 {coop}"), format!("收回 {recalled}")],
                choice: Choice::Scope(ScopeTerm {
                    field: ScopeField::Department,
                    name: name.to_string(),
                }),
                label: name,
            })
            .collect();
        Picker::new(PickerKind::Department, entries, &aliases)
    }

    /// Every category with its count in each list, in the order the lists first use them.
    pub fn categories<I: std::borrow::Borrow<Item>>(items: impl IntoIterator<Item = I>) -> Picker {
        let mut counts: Vec<(String, [usize; 3])> = Vec::new();
        let mut known = std::collections::HashMap::new();
        for item in items {
            let item = item.borrow();
            let name = &item.category;
            let at = counted(&mut known, &mut counts, name, || (name.clone(), [0; 3]));
            counts[at].1[item.list as usize] += 1;
        }
        let entries = counts
            .into_iter()
            .map(|(category, [basic, coop, recalled])| Entry {
                detail: vec![
                    format!("基本 {basic}"),
                    format!("配合 {coop}"),
                    format!("收回 {recalled}"),
                ],
                choice: Choice::Scope(ScopeTerm {
                    field: ScopeField::Category,
                    name: category.to_string(),
                }),
                label: category,
            })
            .collect();
        Picker::new(PickerKind::Category, entries, &[])
    }

    /// The items most like item `index`, from the other lists.
    pub fn related(towns: &Towns, related: &[(usize, f32)]) -> Picker {
        let entries = related
            .iter()
            .map(|&(i, similarity)| {
                let item = towns.item(i);
                Entry {
                    label: format!("{}{} {}", item.list.badge(), item.no, item.title),
                    detail: vec![format!("相似 {:.0}%", similarity * 100.0)],
                    choice: Choice::Item(i),
                }
            })
            .collect();
        Picker::new(PickerKind::Related, entries, &[])
    }

    /// Every town loaded with its list counts, "all towns" first; the current one selected.
    pub fn towns(towns: &Towns, current: Option<usize>) -> Picker {
        let mut entries = vec![Entry {
            label: "全部乡镇".into(),
            detail: vec![
                format!("{} 个乡镇", towns.len()),
                format!("{} 项", towns.item_count()),
            ],
            choice: Choice::Town(None),
        }];
        for (t, dataset) in towns.heads().iter().enumerate() {
            entries.push(Entry {
                label: dataset.town.clone(),
                detail: ListKind::ALL
                    .iter()
                    .map(|&l| format!("{} {}", l.short_name(), towns.count(t, l)))
                    .collect(),
                choice: Choice::Town(Some(t)),
            });
        }
        let mut picker = Picker::new(PickerKind::Town, entries, &[]);
        picker.selected = current.map_or(0, |t| t + 1);
        picker
    }

    /// The towns to read a notice against, in their order; `current` selected.
    pub fn admit_towns(towns: &Towns, current: Option<usize>) -> Picker {
        let entries = towns
            .heads()
            .iter()
            .enumerate()
            .map(|(t, dataset)| Entry {
                label: dataset.town.clone(),
                detail: vec![dataset.place()],
                choice: Choice::AdmitTown(t),
            })
            .collect();
        let mut picker = Picker::new(PickerKind::AdmitTown, entries, &[]);
        picker.selected = current.unwrap_or(0);
        picker
    }

    /// 清单外 and every item of one town, found by id (coop-19, c19) or by title; `current`
    /// (the item decided now, if any) selected.
    pub fn decisions(towns: &Towns, town: usize, current: Option<usize>) -> Picker {
        let range = towns.range(town);
        let mut entries = vec![Entry {
            label: "清单外：三张清单都没有".into(),
            detail: vec!["须经准入".into()],
            choice: Choice::Decision(None),
        }];
        let mut also = vec!["清单外 qingdanwai outside".to_string()];
        for i in range.clone() {
            let item = towns.item(i);
            entries.push(Entry {
                label: format!("{}{} {}", item.list.badge(), item.no, item.title),
                detail: vec![item.id.clone()],
                choice: Choice::Decision(Some(i)),
            });
            let short = format!("{}{}", &item.list.key()[..1], item.no);
            also.push(format!("{} {short}", item.id));
        }
        let mut picker = Picker::new(PickerKind::Decision, entries, &also);
        picker.selected = current.map_or(0, |i| i + 1 - range.start);
        picker
    }

    /// What the picker does with a key: typing narrows it, the arrows move, Enter chooses,
    /// Esc closes.
    pub fn handle(&mut self, action: Action) -> Outcome<Choice> {
        let edited = match action {
            Action::DeleteWord => Some(self.input.delete_word()),
            other => self.input.edit(other),
        };
        if let Some(changed) = edited {
            if changed {
                self.refilter();
            }
            return Outcome::of(changed);
        }
        match action {
            Action::Down | Action::NextItem => Outcome::of(self.step(1)),
            Action::Up | Action::PrevItem => Outcome::of(self.step(-1)),
            Action::PageDown => Outcome::of(self.step(10)),
            Action::PageUp => Outcome::of(self.step(-10)),
            Action::Cancel => Outcome::Closed,
            Action::Confirm => match self.choice() {
                Some(choice) => Outcome::Chosen(choice.clone()),
                None => Outcome::Closed,
            },
            _ => Outcome::Ignored,
        }
    }

    pub fn choice(&self) -> Option<&Choice> {
        self.shown
            .get(self.selected)
            .map(|&i| &self.entries[i].choice)
    }

    /// The entries again for what is typed.
    pub fn refilter(&mut self) {
        self.shown = self.filter.filter(self.input.text());
        self.selected = 0;
    }

    pub fn step(&mut self, by: isize) -> bool {
        let before = self.selected;
        let last = self.shown.len().saturating_sub(1);
        self.selected = self.selected.saturating_add_signed(by).min(last);
        before != self.selected
    }
}

/// Where `name` is counted in `counts`, which `new` starts the first time it comes. Looked up
/// before it is cloned: a province's items name the same few thousand, again and again.
fn counted<T>(
    known: &mut std::collections::HashMap<String, usize>,
    counts: &mut Vec<T>,
    name: &str,
    new: impl FnOnce() -> T,
) -> usize {
    if let Some(&at) = known.get(name) {
        return at;
    }
    counts.push(new());
    known.insert(name.to_string(), counts.len() - 1);
    counts.len() - 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Dataset;

    #[test]
    fn departments_with_their_counts_narrowed_by_a_short_form_or_pinyin() {
        let dataset = Dataset::embedded().unwrap();
        let mut picker = Picker::departments(&dataset.items);
        let police = picker
            .entries
            .iter()
            .find(|e| e.label == "玛纳斯县公安局")
            .unwrap();
        assert_eq!(police.detail, ["配合 9", "收回 0"]);
        "残联".chars().for_each(|c| {
            picker.input.insert(c);
        });
        picker.refilter();
        assert_eq!(
            picker.choice(),
            Some(&Choice::Scope(ScopeTerm {
                field: ScopeField::Department,
                name: "玛纳斯县残疾人联合会".into()
            }))
        );
        picker.input.clear();
        "slj".chars().for_each(|c| {
            picker.input.insert(c);
        });
        picker.refilter();
        assert_eq!(
            picker.choice(),
            Some(&Choice::Scope(ScopeTerm {
                field: ScopeField::Department,
                name: "玛纳斯县水利局".into()
            }))
        );
    }

    #[test]
    fn categories_count_per_list() {
        let dataset = Dataset::embedded().unwrap();
        let picker = Picker::categories(&dataset.items);
        let first = &picker.entries[0];
        assert_eq!(first.label, "党的建设");
        assert!(
            first.detail[..2] == ["基本 22", "配合 11"],
            "{:?}",
            first.detail
        );
    }
}
