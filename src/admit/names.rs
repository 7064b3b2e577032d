//! Who writes in a chat: people's names and the posts they are called by. A chat exported as
//! "张建华：[语音转文字] 王镇长，…" puts the writer and the message on one line; read as a
//! sender line and its message, each message is asked on its own.

use super::probe::is_han;

/// Posts a person is called by in a chat ("马书记", "刘主任").
pub(super) const TITLES: [&str; 12] = [
    "书记", "主任", "镇长", "乡长", "股长", "科长", "局长", "所长", "站长", "队长", "村长", "专干",
];

/// Posts only the town has: the person holding one answers for the town.
const TOWN_TITLES: [&str; 2] = ["镇长", "乡长"];

/// The common surnames (those of nine people in ten), and the first characters of Uyghur and
/// Kazakh names as written in Chinese (阿依古丽, 买买提, 吐尔逊).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝阿买吐热努玉帕迪库哈吾依布塔托加巴";

/// Whether `name` is what a chat calls a person: a name (张建华, 阿依古丽) or a name and a post
/// (王镇长, 李主任).
pub(super) fn is_chat_name(name: &str) -> bool {
    let n = name.chars().count();
    let first = name.chars().next().is_some_and(|c| SURNAMES.contains(c));
    let titled = (3..=6).contains(&n) && TITLES.iter().any(|t| name.ends_with(t));
    first && name.chars().all(is_han) && (titled || (2..=4).contains(&n))
}

/// Whether the person is called by a post only the town has ("王镇长", "李副乡长").
pub(super) fn is_town_post(name: &str) -> bool {
    TOWN_TITLES.iter().any(|t| name.ends_with(t))
}

/// The writer and the message of a line "张建华：[语音转文字] 王镇长，…".
fn inline(line: &str) -> Option<(&str, &str)> {
    // "08:53 马书记：…": a time before the writer.
    let line = line
        .trim()
        .trim_start_matches(|c: char| c.is_ascii_digit() || " -/:[]年月日\u{3000}".contains(c));
    let (name, message) = line.split_once(['：', ':'])?;
    let message = message.trim_start();
    // A tag the export puts before a message ("[语音转文字]") says how, not what.
    let message = match message.strip_prefix('[').and_then(|m| m.split_once(']')) {
        Some((tag, rest)) if tag.chars().count() <= 8 => rest.trim_start(),
        _ => message,
    };
    (is_chat_name(name) && !message.is_empty()).then_some((name, message))
}

/// A chat written a message a line ("马建国：还有一个，…") as sender lines and messages: only
/// when two lines at least are written so, so that "王磊：138…" in a letter stays as it is.
pub(super) fn inline_senders(lines: &mut Vec<(usize, String)>) {
    if lines.iter().filter(|(_, l)| inline(l).is_some()).count() < 2 {
        return;
    }
    *lines = lines
        .drain(..)
        .flat_map(|(number, line)| match inline(&line) {
            Some((name, message)) => {
                vec![(number, format!("{name}：")), (number, message.to_string())]
            }
            None => vec![(number, line)],
        })
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chat_names_people_by_name_or_post_not_by_label() {
        for name in ["张建华", "马建国", "王镇长", "李主任", "阿依古丽"] {
            assert!(is_chat_name(name), "{name}");
        }
        for label in [
            "联系人",
            "来信内容",
            "转办意见",
            "工作要求",
            "备注",
            "县统计局",
        ] {
            assert!(!is_chat_name(label), "{label}");
        }
    }

    #[test]
    fn a_chat_written_a_message_a_line_becomes_senders_and_messages() {
        let mut chat = vec![
            (1, "张建华：[语音转文字] 麻烦镇上来调一下。".to_string()),
            (2, "王镇长：收到。".to_string()),
        ];
        inline_senders(&mut chat);
        let lines: Vec<&str> = chat.iter().map(|(_, l)| l.as_str()).collect();
        assert_eq!(
            lines,
            ["张建华：", "麻烦镇上来调一下。", "王镇长：", "收到。"]
        );
        // A time before the writer ("08:53 马书记：…").
        let mut timed = vec![
            (1, "08:52 马书记：周主任早，跟你说几个事".to_string()),
            (
                2,
                "08:58 马书记：第三个，拖拉机能不能直接给上牌".to_string(),
            ),
        ];
        inline_senders(&mut timed);
        assert_eq!(timed[2].1, "马书记：");
        // One such line in a letter is a contact, not a chat.
        let mut letter = vec![(1, "王磊：请于周五前报送。".to_string())];
        inline_senders(&mut letter);
        assert_eq!(letter.len(), 1);
    }
}
