//! The answer as a clerk reads it on the terminal: per task its verdict, advice, proof and
//! what to quote; the text's own controls shown inertly.

use crate::admit::{Admission, Assessment, Doubt, Match, Verdict};
use crate::inert;
use crate::model::Section;

/// Phrases in bold yellow, the rest as it is; the text's own controls shown inertly.
fn paint(text: &str, phrases: &[&str], color: bool) -> String {
    if !color {
        return inert::line(text).into_owned();
    }
    // Positions in characters of the text as given; a tab or a line break in it is shown as
    // one picture, so they stay in step.
    let text: String = text
        .chars()
        .map(|c| if matches!(c, '\n' | '\t') { ' ' } else { c })
        .collect();
    let positions = crate::admit::phrase_positions(&text, phrases);
    inert::paint_at(&text, &positions, inert::sgr::PHRASE)
}

fn verdict_label(verdict: Verdict, color: bool) -> String {
    let label = format!("【{}】", verdict.label());
    if !color {
        return label;
    }
    // The lists' colours in the app (green, cyan, magenta); out of the lists, red.
    let code = match verdict {
        Verdict::Basic => "1;32",
        Verdict::Coop => "1;36",
        Verdict::Recalled => "1;35",
        Verdict::Outside => inert::sgr::ERROR,
    };
    inert::paint(code, &label)
}

fn sections(out: &mut String, title: &str, sections: &[Section], phrases: &[&str], color: bool) {
    if sections.is_empty() {
        return;
    }
    out.push_str(&format!("   {title}：\n"));
    for section in sections {
        if let Some(heading) = &section.heading {
            out.push_str(&format!("     {}\n", paint(heading, phrases, color)));
        }
        for step in &section.steps {
            out.push_str(&format!("       {}\n", paint(step, phrases, color)));
        }
    }
}

/// The answer as a clerk reads it: per task its verdict, advice, proof and what to quote.
pub fn render(admission: &Admission, town_label: &str, color: bool) -> String {
    let mut out = String::new();
    let about: Vec<String> = [
        admission.from.clone(),
        admission.doc_ref.clone(),
        admission.deadline.as_deref().map(crate::date::by),
    ]
    .into_iter()
    .flatten()
    .map(|s| inert::line(&s).into_owned())
    .collect();
    if let Some(title) = &admission.title {
        out.push_str(&format!("通知：{}", inert::line(title)));
        if !about.is_empty() {
            out.push_str(&format!("（{}）", about.join("，")));
        }
        out.push('\n');
    } else if !about.is_empty() {
        out.push_str(&format!("来文：{}\n", about.join("，")));
    }
    out.push_str(&format!(
        "对照{}的清单，共 {} 项任务：{}\n",
        inert::line(town_label),
        admission.tasks.len(),
        counted(&admission.tasks.iter().collect::<Vec<_>>())
    ));
    for (i, task) in admission.tasks.iter().enumerate() {
        out.push('\n');
        render_task(&mut out, i + 1, task, color);
    }
    let loose = admission.loose_flags();
    if !loose.is_empty() {
        out.push_str("\n通知其他部分的转嫁负担信号：");
        out.push_str(
            &crate::admit::listed(&loose)
                .iter()
                .map(|l| {
                    let word = inert::line(&l.flag.word);
                    format!("{}「{word}」（{}）", l.flag.signal, l.lines_said())
                })
                .collect::<Vec<_>>()
                .join("、"),
        );
        out.push('\n');
    }
    out
}

/// The words a match shares with the task: "烧麦草→禁烧（事项名称）、立即制止（本镇职责）".
fn shared_words(m: &Match) -> String {
    m.evidence
        .iter()
        .take(6)
        .map(|e| {
            let notice = inert::line(&e.notice);
            let item = inert::line(&e.item);
            if notice == item {
                format!("{item}（{}）", e.field.label())
            } else {
                format!("{notice}→{item}（{}）", e.field.label())
            }
        })
        .collect::<Vec<_>>()
        .join("、")
}

/// A match's line and its shared words, under `lead` ("依据", "相近", "甲").
fn match_lines(out: &mut String, lead: &str, m: &Match, color: bool) {
    let item_words: Vec<&str> = m.evidence.iter().map(|e| e.item.as_str()).collect();
    out.push_str(&format!(
        "   {lead}：{} {}（得分 {:.1}）\n",
        m.id,
        paint(&m.title, &item_words, color),
        m.score
    ));
    if !m.evidence.is_empty() {
        out.push_str(&format!("     相同的词：{}\n", shared_words(m)));
    }
}

/// The two answers lvzhi hesitates between, each with its evidence, for the clerk to choose.
fn doubt_lines(out: &mut String, task: &Assessment, doubt: &Doubt, color: bool) {
    out.push_str(&format!(
        "   不确定：{}。请在两个答案中选一个：\n",
        inert::line(&doubt.why)
    ));
    for (choice, mark) in doubt.choices.iter().zip(["甲", "乙"]) {
        let m = choice
            .item
            .as_ref()
            .and_then(|id| task.matches.iter().find(|m| &m.id == id));
        match m {
            Some(m) => match_lines(
                out,
                &format!("{mark}【{}】", choice.verdict.label()),
                m,
                color,
            ),
            None => out.push_str(&format!(
                "   {mark}【清单外】：三张清单都没有足够相近的事项，须经准入\n"
            )),
        }
    }
}

/// What the task asks and whose each act is.
fn acts_line(task: &Assessment) -> Option<String> {
    if task.acts.is_empty() {
        return None;
    }
    let acts: Vec<String> = task
        .acts
        .iter()
        .map(|a| format!("「{}」{}", inert::line(&a.text), a.whose()))
        .collect();
    Some(format!("   要求的动作：{}\n", acts.join("；")))
}

/// What the sentence model says: "意思相近" with the closest step when it chose the item, else
/// where it ranks the item and which one it finds closest.
fn meaning_line(meaning: &crate::admit::Sensed) -> String {
    let rank = meaning
        .rank
        .map(|r| format!("本项按意思排第 {r}；"))
        .unwrap_or_default();
    let mut line = format!(
        "   意思：{rank}意思最近的是 {}（相似度 {:.2}）\n",
        meaning.closest, meaning.similarity
    );
    if let (true, Some(step)) = (meaning.chose, &meaning.step) {
        line.push_str(&format!("   意思相近：「{}」\n", inert::line(step)));
    }
    line
}

/// What a task table's row says beside the task: "   表中：牵头单位 县民政局；完成时限 6月底前".
fn row_line(task: &crate::admit::Task) -> Option<String> {
    let said: Vec<String> = [
        ("牵头单位", &task.lead),
        ("责任单位", &task.responsible),
        ("分值", &task.points),
    ]
    .into_iter()
    .filter_map(|(label, value)| {
        value
            .as_ref()
            .map(|v| format!("{label} {}", inert::line(v)))
    })
    .chain(
        task.deadline
            .as_ref()
            .filter(|_| task.lead.is_some() || task.responsible.is_some())
            .map(|d| format!("完成时限 {}", inert::line(d))),
    )
    .collect();
    (!said.is_empty()).then(|| format!("   表中：{}\n", said.join("；")))
}

fn render_task(out: &mut String, number: usize, task: &Assessment, color: bool) {
    let notice_words: Vec<&str> = task
        .best()
        .map(|m| m.evidence.iter().map(|e| e.notice.as_str()).collect())
        .unwrap_or_default();
    let unsure = if task.sure { "" } else { "（不确定）" };
    out.push_str(&format!(
        "{number}. {}{unsure} 第 {} 行：{}\n",
        verdict_label(task.verdict, color),
        task.task.line,
        paint(&task.task.text, &notice_words, color)
    ));
    if let Some(context) = &task.task.context {
        out.push_str(&format!("   （所在部分：{}）\n", inert::line(context)));
    }
    if let Some(precedent) = &task.precedent {
        out.push_str(&format!("   {}\n", inert::line(&precedent.line())));
    }
    if let Some(row) = row_line(&task.task) {
        out.push_str(&row);
    }
    out.push_str(&format!("   建议：{}\n", inert::line(&task.advice)));
    for note in &task.notes {
        out.push_str(&format!("   {}\n", inert::line(note)));
    }
    if let Some(meaning) = &task.meaning {
        out.push_str(&meaning_line(meaning));
    }
    if let Some(doubt) = &task.doubt {
        doubt_lines(out, task, doubt, color);
    }
    let chosen: Vec<&str> = task
        .doubt
        .iter()
        .flat_map(|d| d.choices.iter().filter_map(|c| c.item.as_deref()))
        .collect();
    for (rank, m) in task.matches.iter().enumerate() {
        if chosen.contains(&m.id.as_str()) {
            continue;
        }
        let lead = if rank == 0 && task.verdict != Verdict::Outside {
            "依据"
        } else {
            "相近"
        };
        match_lines(out, lead, m, color);
    }
    if let Some(line) = acts_line(task) {
        out.push_str(&line);
    }
    for b in &task.beyond {
        out.push_str(&format!(
            "   超出本镇的限定：「{}」超出「{}」（{}）\n",
            inert::line(&b.named),
            inert::line(&b.limit),
            inert::line(&b.step)
        ));
    }
    if let (Some(quote), Some(best)) = (&task.quote, task.best()) {
        let words: Vec<&str> = best.evidence.iter().map(|e| e.item.as_str()).collect();
        if task.verdict == Verdict::Recalled {
            out.push_str(&format!(
                "   承接部门：{}\n",
                inert::line(&quote.departments.join("、"))
            ));
            sections(out, "工作方式", &quote.upper, &words, color);
        } else {
            out.push_str(&format!(
                "   牵头部门：{}\n",
                inert::line(&quote.departments.join("、"))
            ));
            sections(out, "本镇配合职责（本镇做的）", &quote.town, &words, color);
            sections(
                out,
                "上级部门职责（不由本镇做）",
                &quote.upper,
                &words,
                color,
            );
        }
    }
    if !task.flags.is_empty() {
        out.push_str(&format!(
            "   转嫁负担信号：{}\n",
            task.flags
                .iter()
                .map(|f| format!(
                    "{}「{}」（第 {} 行）",
                    f.signal,
                    inert::line(&f.word),
                    f.line
                ))
                .collect::<Vec<_>>()
                .join("、")
        ));
    }
}

/// Several notices, each under its file's name, then what they ask in all; one notice as
/// `render` gives it.
pub fn render_all(
    notices: &[(&str, &Admission)],
    town_label: &str,
    color: bool,
    several: bool,
) -> String {
    if let ([(_, only)], false) = (notices, several) {
        return render(only, town_label, color);
    }
    let mut out = String::new();
    for (i, (file, admission)) in notices.iter().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        // 【】 are wide in every terminal; box-drawing dashes are ambiguous (two columns in a
        // Chinese Windows console).
        let head = format!("【{}/{}】{}", i + 1, notices.len(), inert::line(file));
        out.push_str(&if color {
            inert::paint("1", &head)
        } else {
            head
        });
        out.push('\n');
        out.push_str(&render(admission, town_label, color));
    }
    let tasks: Vec<&Assessment> = notices.iter().flat_map(|(_, a)| &a.tasks).collect();
    out.push_str(&format!(
        "\n共 {} 份通知，{} 项任务：{}\n",
        notices.len(),
        tasks.len(),
        counted(&tasks)
    ));
    out
}

/// How many tasks each verdict has, and how many lvzhi is not sure of: "基本 3，配合 1；其中
/// 1 项不确定，请人工判断".
fn counted(tasks: &[&Assessment]) -> String {
    let count = |v: Verdict| tasks.iter().filter(|t| t.verdict == v).count();
    let unsure = tasks.iter().filter(|t| !t.sure).count();
    let verdicts = Verdict::ALL
        .iter()
        .filter(|&&v| count(v) > 0)
        .map(|&v| format!("{} {}", v.label(), count(v)))
        .collect::<Vec<_>>()
        .join("，");
    match unsure {
        0 => verdicts,
        n => format!("{verdicts}；其中 {n} 项不确定，请人工判断"),
    }
}
