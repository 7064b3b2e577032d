//! `lvzhi admit`: a notice read task by task, as text for the clerk or JSON for scripts.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use crate::cli::context::Context;
use crate::cli::data;
use crate::cli::output::emit;
use crate::error::{Error, Result};
use crate::model::Dataset;
use crate::review::register::{Channel, Outcome};

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
        admission.deadline.as_ref().map(|d| format!("{d}前")),
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
    let count = |v: Verdict| admission.tasks.iter().filter(|t| t.verdict == v).count();
    let unsure = admission.tasks.iter().filter(|t| !t.sure).count();
    out.push_str(&format!(
        "对照{}的清单，共 {} 项任务：{}{}\n",
        inert::line(town_label),
        admission.tasks.len(),
        Verdict::ALL
            .iter()
            .filter(|&&v| count(v) > 0)
            .map(|&v| format!("{} {}", v.label(), count(v)))
            .collect::<Vec<_>>()
            .join("，"),
        if unsure > 0 {
            format!("；其中 {unsure} 项不确定，请人工判断")
        } else {
            String::new()
        }
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

/// The one town a notice is read against: the only one loaded, or the one `--town` names.
fn admit_town<'a>(towns: &'a [Dataset], name: Option<&str>) -> Result<&'a Dataset> {
    let names = || data::town_names(towns);
    match (name, towns) {
        (None, [only]) => Ok(only),
        (None, _) => Err(Error::NoSuchTown {
            input: String::new(),
            towns: format!("{}；载入了几个乡镇时，请用 --town 指定对照哪一个", names()),
        }),
        (Some(name), _) => towns
            .iter()
            .find(|d| d.town == name || d.place().ends_with(name))
            .ok_or_else(|| Error::NoSuchTown {
                input: name.to_string(),
                towns: names(),
            }),
    }
}

/// What `lvzhi admit -` says before it waits on a terminal: else the clerk sees nothing happen.
/// lvzhi runs on the server, so Ctrl-D ends the paste whatever the clerk's own computer is.
pub const PASTE_PROMPT: &str =
    "粘贴或输入通知，输完另起一行按 Ctrl-D 结束（从 Windows 用 SSH 连来也是 Ctrl-D）：";

/// The notice's text: the words given, standard input for `-`, or the file.
fn notice_text(text: &[String], file: Option<&Path>) -> Result<String> {
    use std::io::Read;
    if text.is_empty() && file.is_none() {
        return Err(Error::NoNotice);
    }
    let mut parts = Vec::new();
    if let Some(path) = file {
        parts.push(crate::admit::input::read_file(path)?);
    }
    for word in text {
        if word == "-" {
            if std::io::stdin().is_terminal() {
                eprintln!("{PASTE_PROMPT}");
            }
            let mut bytes = Vec::new();
            std::io::stdin()
                .lock()
                .take(crate::admit::input::MAX_BYTES)
                .read_to_end(&mut bytes)
                .map_err(|cause| Error::Read {
                    path: "标准输入".into(),
                    cause,
                })?;
            parts.push(crate::admit::input::read_bytes(&bytes).map_err(|problem| {
                Error::Notice {
                    path: "（标准输入）".into(),
                    problem: problem.to_string(),
                }
            })?);
        } else {
            parts.push(word.clone());
        }
    }
    let joined = parts.join("\n");
    let given = || {
        if file.is_some() || text.iter().any(|t| t == "-") {
            "（给的文件或标准输入）".into()
        } else {
            "（命令行）".into()
        }
    };
    if joined.trim().is_empty() {
        return Err(Error::Notice {
            path: given(),
            problem: crate::admit::input::NoticeError::Empty.to_string(),
        });
    }
    // Each part is within the limit; together they may not be.
    crate::admit::input::within_limit(&joined).map_err(|problem| Error::Notice {
        path: given(),
        problem: problem.to_string(),
    })?;
    Ok(joined)
}

/// `lvzhi admit`: the notice read against one town's lists and their register, printed as
/// text or JSON, its tasks recorded with `--record`.
/// The second opinion by meaning, when the model is installed: the town's items read once and
/// kept in the cache. A model that cannot be read is said, and the command goes on without it.
fn sense(configured: Option<&Path>, dataset: &Dataset) -> Option<crate::admit::Sense> {
    let path = crate::meaning::find(configured)?;
    let model = match crate::meaning::Model::open(&path) {
        Ok(model) => std::sync::Arc::new(model),
        Err(e) => {
            eprintln!("语义模型读不了，只按字词比对：{e}");
            return None;
        }
    };
    let dir = crate::cache::default_dir();
    crate::admit::Sense::new(model, dataset, dir.as_deref(), false, &mut |items| {
        eprintln!(
            "语义模型第一次读这份清单的 {items} 项事项，要一两分钟；读完存入缓存，下次不再等。"
        );
    })
}

/// What `lvzhi admit` is given.
#[derive(Debug, clap::Args)]
pub struct AdmitArgs {
    /// 通知的文字（可给几段，合成一份）；给 - 则从标准输入读
    #[arg(value_name = "文字")]
    pub text: Vec<String>,
    /// 通知文件：.docx，或 .txt（UTF-8 或 GBK）
    #[arg(short, long, value_name = "文件")]
    pub file: Option<PathBuf>,
    /// 输出 JSON：{title, date, tasks: [{text, line, verdict, sure, matches, advice, acts, flags…}], flags}；不确定的任务另有 doubt；各字段见 docs/admit.md
    #[arg(long)]
    pub json: bool,
    /// 不用语义模型（装了 lvzhi-model 时），只按字词比对
    #[arg(long)]
    pub no_meaning: bool,
    /// 载入几个乡镇时，对照哪个乡镇的清单
    #[arg(long, value_name = "乡镇")]
    pub town: Option<String>,
    /// 把找到的任务记入登记台账（审核记录文件里）
    #[arg(long)]
    pub record: bool,
    /// 来文部门（--record 时；不给则取通知落款）
    #[arg(long = "from", value_name = "部门")]
    pub from: Option<String>,
    /// 来文渠道：文件|会议|电话|微信|12345|其他（或 document|meeting|phone|wechat|hotline|other）
    #[arg(long, value_parser = crate::cli::values::parse_channel, value_name = "渠道")]
    pub channel: Option<Channel>,
    /// 文号（不给则取通知里的文号）
    #[arg(long = "ref", value_name = "文号")]
    pub doc_ref: Option<String>,
    /// 办结时限，给通知里没写时限的任务：2026-12-05、12月5日、12-05、明天、下周五、月底……（没写年份的、明天、下周五按收文日期算）。通知给了时限的任务用通知的，不被覆盖
    #[arg(long, value_name = "时限", value_parser = crate::cli::values::parse_deadline)]
    pub deadline: Option<String>,
    /// 收文日期，如 2026-11-30 或 2026年11月30日（默认今天）
    #[arg(long, value_name = "日期", value_parser = crate::cli::values::parse_date)]
    pub received: Option<String>,
    /// 处理结果：退回|承接|报批|已准入|待定（或 return|accept|submit|admitted|pending）；默认按判断
    #[arg(long, value_parser = crate::cli::values::parse_outcome, value_name = "处理结果")]
    pub outcome: Option<Outcome>,
}

pub fn exec(ctx: &Context, admit: &AdmitArgs) -> Result<i32> {
    let AdmitArgs {
        text,
        file,
        json,
        no_meaning,
        town,
        record,
        from,
        channel,
        doc_ref,
        deadline,
        received,
        outcome,
    } = admit;
    let notice = notice_text(text, file.as_deref())?;
    let towns = ctx.towns()?;
    let dataset = admit_town(&towns, town.as_deref())?;
    let sense = (!no_meaning)
        .then(|| sense(ctx.model.as_deref(), dataset))
        .flatten();
    let admitter = crate::admit::Admitter::new(dataset).with_sense(sense);
    // The town's register is its memory: a task like one recorded before shows what was decided.
    // A review file not made yet has none (recording makes it).
    let register = match ctx.existing_store(dataset)? {
        Some(store) => store.register()?,
        None => Vec::new(),
    };
    let precedents: Vec<_> = register.iter().map(|e| e.recorded()).collect();
    let admission = admitter.admit_with(dataset, &notice, &precedents);
    let recorded = if *record {
        // The notice's own reading, with what the command line says instead.
        let entries: Vec<_> = admission
            .tasks
            .iter()
            .map(|task| {
                let mut entry = crate::review::register::Request::for_task(&admission, task);
                if file.is_some() {
                    entry.channel = crate::review::register::Channel::Document;
                }
                entry.channel = channel.unwrap_or(entry.channel);
                entry.received = received.clone().unwrap_or_default();
                entry.source = from.clone().unwrap_or(entry.source);
                entry.doc_ref = doc_ref.clone().unwrap_or(entry.doc_ref);
                // The notice's own deadline for a task stands; the command line's is for the
                // tasks the notice gives none (its day found by `record`, from the day received).
                if let (true, Some(words)) = (entry.deadline_words.is_empty(), deadline) {
                    entry.deadline_words = words.clone();
                    entry.deadline = String::new();
                }
                entry.outcome = outcome.unwrap_or(entry.outcome);
                entry
            })
            .collect();
        let mut store = ctx.open_store(dataset)?;
        let recordings = store.record(&entries)?;
        Some((recordings, store.path().display().to_string()))
    } else {
        None
    };
    let text = if *json {
        let mut text = inert::json_pretty(&admission);
        text.push('\n');
        text
    } else {
        let color = std::io::stdout().is_terminal() && ctx.color;
        render(&admission, &dataset.town, color)
    };
    emit(&text)?;
    if let Some((recordings, path)) = recorded {
        use crate::review::register::Recording;
        let mut numbers = Vec::new();
        for (task, recording) in recordings.iter().enumerate() {
            match recording {
                Recording::New(number) => numbers.push(*number),
                // A task read before is not recorded twice.
                Recording::Already(number) => {
                    eprintln!("第 {} 项任务已登记为第 {number} 号，没有再记", task + 1)
                }
            }
        }
        let range = match (numbers.first(), numbers.last()) {
            (Some(a), Some(b)) if a != b => format!("第 {a}–{b} 号"),
            (Some(a), _) => format!("第 {a} 号"),
            _ => "没有新的任务".into(),
        };
        eprintln!(
            "{}",
            inert::text(&format!(
                "已记入登记台账：{} 项，{range}（{path}）",
                numbers.len()
            ))
        );
    }
    Ok(0)
}
