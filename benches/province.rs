//! A synthetic province for benchmarks only, made from the real items of 六户地镇. Two kinds:
//!
//! - `town`: the real lists under each town's name (a county shared by every eleven towns),
//!   every town's other text identical: the best case for anything that shares equal texts;
//! - `realistic`: towns grouped into counties of eleven and counties into prefectures of eight,
//!   each county wording about a third of its items its own way and each town about 15 % of its
//!   county's, as real lists copied from one template and edited locally are.
//!
//! Both are deterministic (the realistic one from a seed). Each bench uses the part it needs.
#![allow(dead_code)]

use lvzhi::model::Section;
use lvzhi::{Dataset, Item};

/// Bumped whenever the realistic generator's output changes: it keys the data kept on disk.
pub const GENERATOR: u32 = 1;

/// Towns in a county, and counties in a prefecture.
pub const TOWNS_PER_COUNTY: usize = 11;
pub const COUNTIES_PER_PREFECTURE: usize = 8;

const FIRST: &str = "东西南北上下新老大小金银石沙河湖山林泉红白青黄安康永丰乐和平顺兴";
const SECOND: &str = "户地营庄坪湾沟台屯堡井口岗滩渠源桥寺集店园坝梁旗镇关城塘";

fn name(i: usize, suffix: &str) -> String {
    let first: Vec<char> = FIRST.chars().collect();
    let second: Vec<char> = SECOND.chars().collect();
    let a = first[i % first.len()];
    let b = second[(i / first.len()) % second.len()];
    let c = first[(i / (first.len() * second.len())) % first.len()];
    format!("{c}{a}{b}{suffix}")
}

/// Where the real lists name their town, county and prefecture, the names put in their place.
struct Names<'a> {
    town: Option<&'a str>,
    county: Option<&'a str>,
    prefecture: Option<&'a str>,
}

impl Names<'_> {
    fn apply(&self, text: &str) -> String {
        let mut text = text.to_string();
        if let Some(town) = self.town {
            text = text.replace("六户地镇", town);
        }
        if let Some(county) = self.county {
            text = text
                .replace("玛纳斯县", county)
                .replace("玛纳斯", county.trim_end_matches('县'));
        }
        if let Some(prefecture) = self.prefecture {
            text = text
                .replace("昌吉州", prefecture)
                .replace("昌吉", prefecture.trim_end_matches('州'));
        }
        text
    }
}

fn rename(text: &str, town: &str, county: &str) -> String {
    Names {
        town: Some(town),
        county: Some(county),
        prefecture: None,
    }
    .apply(text)
}

fn renamed_with(item: &Item, names: &Names) -> Item {
    let mut item = item.clone();
    item.title = names.apply(&item.title);
    item.category = names.apply(&item.category);
    item.departments = item.departments.iter().map(|d| names.apply(d)).collect();
    for section in item
        .upper_duties
        .iter_mut()
        .chain(item.town_duties.iter_mut())
    {
        section.heading = section.heading.as_deref().map(|h| names.apply(h));
        section.steps = section.steps.iter().map(|s| names.apply(s)).collect();
    }
    item
}

fn renamed_item(item: &Item, town: &str, county: &str) -> Item {
    renamed_with(
        item,
        &Names {
            town: Some(town),
            county: Some(county),
            prefecture: None,
        },
    )
}

/// At least `items` items: whole towns of the real lists, renamed.
pub fn province(base: &Dataset, items: usize) -> Dataset {
    let towns = items.div_ceil(base.items.len());
    let mut out = Dataset {
        town: "全省".into(),
        county: String::new(),
        prefecture: String::new(),
        source: "synthetic".into(),
        items: Vec::with_capacity(towns * base.items.len()),
    };
    for t in 0..towns {
        out.items.extend(town(base, t).items);
    }
    out
}

/// Town number `t`: the real lists under its own name, in a county shared by every eleven.
pub fn town(base: &Dataset, t: usize) -> Dataset {
    let town = name(t, "镇");
    let county = name(t / 11 + 7, "县");
    Dataset {
        town: town.clone(),
        county: county.clone(),
        prefecture: base.prefecture.clone(),
        source: format!("{town}.json"),
        items: base
            .items
            .iter()
            .map(|item| renamed_item(item, &town, &county))
            .collect(),
    }
}

/// splitmix64: small, deterministic, and good enough to pick edits.
pub struct Rng(u64);

impl Rng {
    /// A stream of its own for each (seed, what, number): a county's or a town's edits do not
    /// depend on which others were made before.
    pub fn new(seed: u64, what: u64, n: u64) -> Rng {
        let mut rng = Rng(seed ^ what.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        rng.0 ^= n.wrapping_mul(0xD1B5_4A32_D192_ED03);
        rng.draw();
        rng
    }

    pub fn draw(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number below `n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.draw() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.draw() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }
}

/// Near synonyms a drafting office swaps in when it copies a template.
const SYNONYMS: [(&str, &str); 42] = [
    ("开展", "组织开展"),
    ("负责", "承担"),
    ("排查", "摸排"),
    ("宣传", "宣传引导"),
    ("监督", "监督检查"),
    ("农村", "农牧区"),
    ("协助", "配合"),
    ("组织", "统筹"),
    ("落实", "抓好落实"),
    ("加强", "强化"),
    ("做好", "抓好"),
    ("及时", "第一时间"),
    ("上报", "报送"),
    ("检查", "督查"),
    ("指导", "业务指导"),
    ("管理", "管护"),
    ("工作", "相关工作"),
    ("核实", "核查"),
    ("登记", "登记造册"),
    ("整改", "整治"),
    ("发现", "排查发现"),
    ("制定", "研究制定"),
    ("建立", "健全"),
    ("推进", "推动"),
    ("保障", "保证"),
    ("维护", "维持"),
    ("完善", "健全完善"),
    ("提高", "提升"),
    ("收集", "搜集"),
    ("审核", "审查"),
    ("调查", "调研"),
    ("处置", "处理"),
    ("应急", "应急处置"),
    ("培训", "教育培训"),
    ("台账", "工作台账"),
    ("群众", "居民群众"),
    ("村民", "村（居）民"),
    ("安全", "安全生产"),
    ("隐患", "风险隐患"),
    ("信息", "相关信息"),
    ("资料", "材料"),
    ("方案", "工作方案"),
];

/// Clauses an office adds at the end of a step.
const CLAUSES: [&str; 8] = [
    "，并做好台账记录",
    "，按要求及时上报",
    "，确保工作落到实处",
    "，发现问题及时报告",
    "，定期开展自查",
    "，做好资料归档",
    "，接受群众监督",
    "，重大情况及时请示报告",
];

/// One near synonym put in where the text has its word (the first place); false if none fits.
fn swap_word(text: &mut String, rng: &mut Rng) -> bool {
    let start = rng.below(SYNONYMS.len());
    for k in 0..SYNONYMS.len() {
        let (word, instead) = SYNONYMS[(start + k) % SYNONYMS.len()];
        // Not where the longer form already stands, so a word is never doubled.
        if text.contains(word) && !text.contains(instead) {
            *text = text.replacen(word, instead, 1);
            return true;
        }
    }
    false
}

/// A clause added before the text's closing punctuation.
fn add_clause(text: &mut String, rng: &mut Rng) {
    let clause = CLAUSES[rng.below(CLAUSES.len())];
    let end = text
        .trim_end_matches(['。', '；', ';', '.', '，', ','])
        .len();
    text.insert_str(end, clause);
}

/// One edit of an item: a word swapped, a clause added, a step dropped or two steps swapped.
fn edit(item: &mut Item, rng: &mut Rng) {
    let sections: Vec<&mut Section> = item
        .upper_duties
        .iter_mut()
        .chain(item.town_duties.iter_mut())
        .filter(|s| !s.steps.is_empty())
        .collect();
    if sections.is_empty() || rng.chance(0.2) {
        if !swap_word(&mut item.title, rng) {
            add_clause(&mut item.title, rng);
        }
        return;
    }
    let n = sections.len();
    let section = sections.into_iter().nth(rng.below(n)).expect("a section");
    let steps = &mut section.steps;
    let k = rng.below(steps.len());
    match rng.below(10) {
        0..=3 => {
            if !swap_word(&mut steps[k], rng) {
                add_clause(&mut steps[k], rng);
            }
        }
        4..=6 => add_clause(&mut steps[k], rng),
        // A section keeps at least one step, so no list has an empty cell.
        7 if steps.len() > 1 => {
            steps.remove(k);
        }
        _ if steps.len() > 1 => {
            let next = (k + 1) % steps.len();
            steps.swap(k, next);
        }
        _ => add_clause(&mut steps[k], rng),
    }
}

/// `share` of the items edited once to three times.
fn reword(items: &mut [Item], share: f64, rng: &mut Rng) {
    for item in items {
        if rng.chance(share) {
            for _ in 0..1 + rng.below(3) {
                edit(item, rng);
            }
        }
    }
}

/// County number `c`: the real lists under its own name and its prefecture's, about a third of
/// the items worded its own way; the town's name (六户地镇) is still the template's.
pub fn county(base: &Dataset, c: usize, seed: u64) -> Dataset {
    let county = name(c + 7, "县");
    let prefecture = name(c / COUNTIES_PER_PREFECTURE + 3, "州");
    let names = Names {
        town: None,
        county: Some(&county),
        prefecture: Some(&prefecture),
    };
    let mut items: Vec<Item> = base.items.iter().map(|i| renamed_with(i, &names)).collect();
    reword(&mut items, 1.0 / 3.0, &mut Rng::new(seed, 1, c as u64));
    Dataset {
        town: base.town.clone(),
        county,
        prefecture,
        source: base.source.clone(),
        items,
    }
}

/// Town number `t` of its county's lists (`county(base, t / 11, seed)`): its own name, and
/// about 15 % of the items varied again.
pub fn realistic_town(county: &Dataset, t: usize, seed: u64) -> Dataset {
    let town = name(t, "镇");
    let names = Names {
        town: Some(&town),
        county: None,
        prefecture: None,
    };
    let mut items: Vec<Item> = county
        .items
        .iter()
        .map(|i| renamed_with(i, &names))
        .collect();
    reword(&mut items, 0.15, &mut Rng::new(seed, 2, t as u64));
    Dataset {
        town: town.clone(),
        county: county.county.clone(),
        prefecture: county.prefecture.clone(),
        source: format!("{town}.json"),
        items,
    }
}

/// The first `towns` towns of the realistic province, a county at a time.
pub fn realistic(base: &Dataset, towns: usize, seed: u64) -> impl Iterator<Item = Dataset> + '_ {
    (0..towns.div_ceil(TOWNS_PER_COUNTY)).flat_map(move |c| {
        let county = county(base, c, seed);
        let first = c * TOWNS_PER_COUNTY;
        (first..towns.min(first + TOWNS_PER_COUNTY))
            .map(|t| realistic_town(&county, t, seed))
            .collect::<Vec<_>>()
    })
}

/// How many items of `towns` have a text of their own (every field but the id, as the search
/// index tells items apart), and how many items there are.
pub fn distinct_texts<'a>(towns: impl IntoIterator<Item = &'a Dataset>) -> (usize, usize) {
    use std::hash::{Hash, Hasher};
    let mut seen = std::collections::HashSet::new();
    let mut items = 0;
    for town in towns {
        for item in &town.items {
            let mut h = std::collections::hash_map::DefaultHasher::new();
            (
                item.list.key(),
                &item.title,
                &item.category,
                &item.departments,
            )
                .hash(&mut h);
            for section in item.upper_duties.iter().chain(&item.town_duties) {
                (&section.heading, &section.steps).hash(&mut h);
            }
            item.town_duties.len().hash(&mut h);
            seen.insert(h.finish());
            items += 1;
        }
    }
    (seen.len(), items)
}
