//! How a task reached the town (渠道) and what the town did with it (处理结果), in the register's
//! words and in the keys it stores.

use serde::Serialize;

use crate::admit::Verdict;

/// How the task reached the town.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    Document,
    Meeting,
    Phone,
    Wechat,
    Hotline,
    Other,
}

impl Channel {
    pub const ALL: [Channel; 6] = [
        Channel::Document,
        Channel::Meeting,
        Channel::Phone,
        Channel::Wechat,
        Channel::Hotline,
        Channel::Other,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Channel::Document => "document",
            Channel::Meeting => "meeting",
            Channel::Phone => "phone",
            Channel::Wechat => "wechat",
            Channel::Hotline => "hotline",
            Channel::Other => "other",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Document => "文件",
            Channel::Meeting => "会议",
            Channel::Phone => "电话",
            Channel::Wechat => "微信",
            Channel::Hotline => "12345",
            Channel::Other => "其他",
        }
    }

    pub fn parse(s: &str) -> Option<Channel> {
        let s = s.trim();
        Channel::ALL
            .into_iter()
            .find(|c| c.key().eq_ignore_ascii_case(s) || c.label() == s)
    }
}

/// What the town did with a task.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    /// 退回: returned to the department, with the list as the reason.
    Return,
    /// 承接: the town does it (its own duty, or its part of a shared one).
    Accept,
    /// 报批: sent to the 编办 for admission (准入).
    Submit,
    /// 已准入: admitted by the county, with its approval reference.
    Admitted,
    /// 待定: not decided yet.
    Pending,
}

impl Outcome {
    pub const ALL: [Outcome; 5] = [
        Outcome::Return,
        Outcome::Accept,
        Outcome::Submit,
        Outcome::Admitted,
        Outcome::Pending,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Outcome::Return => "return",
            Outcome::Accept => "accept",
            Outcome::Submit => "submit",
            Outcome::Admitted => "admitted",
            Outcome::Pending => "pending",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Return => "退回",
            Outcome::Accept => "承接",
            Outcome::Submit => "报批",
            Outcome::Admitted => "已准入",
            Outcome::Pending => "待定",
        }
    }

    pub fn parse(s: &str) -> Option<Outcome> {
        let s = s.trim();
        Outcome::ALL
            .into_iter()
            .find(|o| o.key().eq_ignore_ascii_case(s) || o.label() == s)
    }

    /// What a task with this verdict is usually given: the town's duties are done, the
    /// department's returned, and a task in no list waits for a decision (return or submit).
    pub fn default_for(verdict: Verdict) -> Outcome {
        match verdict {
            Verdict::Basic | Verdict::Coop => Outcome::Accept,
            Verdict::Recalled => Outcome::Return,
            Verdict::Outside => Outcome::Pending,
        }
    }

    /// The next outcome, for a key that steps through them.
    pub fn next(self) -> Outcome {
        let i = Outcome::ALL.iter().position(|&o| o == self).unwrap_or(0);
        Outcome::ALL[(i + 1) % Outcome::ALL.len()]
    }
}
