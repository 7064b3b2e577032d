use super::*;

fn texts(notice: &Notice) -> Vec<&str> {
    notice.tasks.iter().map(|t| t.text.as_str()).collect()
}

#[test]
fn title_number_salutation_preamble_requirements_and_signature_are_not_tasks() {
    let notice = split(
        "玛纳斯县民政局\n关于做好冬季救助工作的通知\n玛民发〔2026〕8号\n\n各乡镇（场）：\n\
         为切实做好今冬救助工作，现将有关事项通知如下：\n\
         一、摸排流浪乞讨人员。\n（一）对集市、车站开展摸排；\n（二）发现后及时报告。\n\
         二、做好高龄津贴发放。请于12月5日前完成。\n\
         三、工作要求\n各乡镇要高度重视，建立台账，每周报送进展。\n\n\
         玛纳斯县民政局\n2026年11月20日\n联系人：张三 电话：0994-1234567\n",
    );
    assert_eq!(notice.title.as_deref(), Some("关于做好冬季救助工作的通知"));
    assert_eq!(notice.doc_ref.as_deref(), Some("玛民发〔2026〕8号"));
    assert_eq!(notice.from.as_deref(), Some("玛纳斯县民政局"));
    assert_eq!(
        texts(&notice),
        [
            "对集市、车站开展摸排；",
            "发现后及时报告。",
            "做好高龄津贴发放。请于12月5日前完成。"
        ]
    );
    // A clause under a heading is read with the heading, which names its subject.
    assert_eq!(notice.tasks[0].context.as_deref(), Some("摸排流浪乞讨人员"));
    assert_eq!(notice.tasks[0].line, 8);
    assert_eq!(notice.tasks[2].deadline.as_deref(), Some("12月5日"));
}

#[test]
fn an_unnumbered_notice_is_one_task_of_its_asking_sentences() {
    let notice = split(
        "各乡镇：\n近期气温骤降，火灾多发。请各乡镇组织网格员对居民楼开展电动车充电巡查，发现隐患当场劝导整改。\n\
         另请于本周五前报送巡查情况。\n特此通知。\n县消防救援大队\n",
    );
    assert_eq!(
        texts(&notice),
        [
            "请各乡镇组织网格员对居民楼开展电动车充电巡查，发现隐患当场劝导整改。另请于本周五前报送巡查情况。"
        ]
    );
    assert_eq!(notice.from.as_deref(), Some("县消防救援大队"));
}

#[test]
fn a_clerks_note_and_an_application_ask_nothing() {
    let notice = split(
        "电话记录\n村民马某今年6月受伤，现在申请工伤认定。\n请镇社保所派人去砖厂做调查笔录。\n\
         已向分管领导报告。\n收到请回复。",
    );
    assert_eq!(texts(&notice), ["请镇社保所派人去砖厂做调查笔录。"]);
    assert_eq!(
        notice.tasks[0].context.as_deref(),
        Some("村民马某今年6月受伤，现在申请工伤认定。")
    );
}

#[test]
fn a_pasted_table_is_its_rows_and_a_heading_with_yi_shi_is_no_task() {
    let notice = split(
        "各乡镇：\n现印发分工表，请抓好落实，每季度末报送落实情况。\n\
         序号\t工作任务\t牵头单位\t责任单位\t完成时限\n\
         1\t开展低保年度核查\t县民政局\t各乡镇\t6月底前\n\
         2\t修补村道坑槽\t县交通运输局\t各乡镇\t\n\
         备注：牵头单位负总责。\n工作要求：一是加强领导；二是按时报送。",
    );
    assert_eq!(texts(&notice), ["开展低保年度核查", "修补村道坑槽"]);
    assert_eq!(notice.tasks[0].lead.as_deref(), Some("县民政局"));
    assert_eq!(notice.tasks[0].deadline.as_deref(), Some("6月底前"));
    let sheet = split(
        "序号｜考核内容｜评分标准｜分值\n1｜就业援助｜建立台账，逐一帮扶｜5\n2｜招聘活动｜组织求职人员参加招聘会｜3",
    );
    assert_eq!(
        texts(&sheet),
        [
            "就业援助：建立台账，逐一帮扶",
            "招聘活动：组织求职人员参加招聘会"
        ]
    );
    // Columns are known by what their names say: 重点任务 and 具体内容 are both asked.
    let split_tasks = split(
        "序号\t重点任务\t具体内容\t牵头单位\t完成时限\n1\t辍学劝返\t逐人登记，上门劝返\t县教育局\t春季",
    );
    assert_eq!(texts(&split_tasks), ["辍学劝返：逐人登记，上门劝返"]);
    assert_eq!(split_tasks.tasks[0].lead.as_deref(), Some("县教育局"));
}

#[test]
fn a_batch_of_orders_is_a_task_each_with_its_own_subject() {
    let notice = split(
        "工单转办单（批量）\n承办单位：六户地镇人民政府\n办理时限：见各工单\n\
         工单编号：1\n群众诉求：需要未婚证明。处理要求：请出具证明。\n\
         工单编号：2\n群众诉求：村道有坑。\n处理要求：请核实处理。\n\
         办理说明：请承办单位按时限办理并在系统中填写回复。",
    );
    assert_eq!(texts(&notice), ["请出具证明。", "请核实处理。"]);
    assert_eq!(notice.tasks[1].context.as_deref(), Some("村道有坑。"));
}

#[test]
fn a_groups_chat_is_a_task_per_new_ask_and_the_towns_replies_none() {
    let notice = split(
        "【县教育局对接群】(26)\n2025年9月3日 09:18\n县教育局 基教股 杨××：\n\
         @六户地镇 有1个学生没来报到，请镇里上门劝返。\n\
         2025年9月3日 09:25\n六户地镇 韩××：\n收到，下午就去，请放心。\n\
         2025年9月3日 09:31\n县教育局 基教股 杨××：\n另外家长还不配合的，请镇里对家长处罚。\n\
         县教育局 财务股 陈××：\n请各镇入户收取校服费。\n\
         县教育局 财务股 陈××：\n格式不对，辛苦再填一下。",
    );
    assert_eq!(
        texts(&notice),
        [
            "有1个学生没来报到，请镇里上门劝返。",
            "另外家长还不配合的，请镇里对家长处罚。",
            "请各镇入户收取校服费。"
        ]
    );
    // The same person again answers the town: what they add is read with the same ask.
    assert_eq!(
        notice.tasks[2].context.as_deref(),
        Some("格式不对，辛苦再填一下。")
    );
}

#[test]
fn a_rows_deadline_on_its_own_line_and_a_closing_exhortation_are_no_tasks() {
    let notice = split(
        "各乡镇：\n1. 开展矛盾纠纷大排查。\n完成时限：全年\n2. 开展禁毒宣传。\n完成时限：6月30日前\n\
         3. 严肃工作纪律。严禁摊派，完成情况全县通报。",
    );
    assert_eq!(texts(&notice), ["开展矛盾纠纷大排查。", "开展禁毒宣传。"]);
    assert_eq!(notice.tasks[1].deadline.as_deref(), Some("6月30日前"));
}

#[test]
fn a_table_written_as_records_is_a_task_each() {
    let notice = split(
        "重点任务分解表\n\n序号：1\n工作任务：农村户厕改造\n具体内容：新建卫生户厕120座\n\
         牵头单位：县农业农村局\n完成时限：10月底\n\n序号：2\n工作任务：垃圾治理\n\
         具体内容：每个村配齐保洁员\n牵头单位：县住建局",
    );
    assert_eq!(
        texts(&notice),
        [
            "农村户厕改造：新建卫生户厕120座",
            "垃圾治理：每个村配齐保洁员"
        ]
    );
    assert_eq!(notice.tasks[0].deadline.as_deref(), Some("10月底"));
    assert_eq!(notice.tasks[1].lead.as_deref(), Some("县住建局"));
}

#[test]
fn what_a_heading_covers_is_no_task_unless_it_asks() {
    let notice = split(
        "各乡镇：\n一、整治重点\n农村小超市、小饭馆和农村集体聚餐。\n二、主要任务\n\
         1. 落实包保责任，每月上门检查一次。\n2. 管好农村集体聚餐。",
    );
    assert_eq!(
        texts(&notice),
        ["落实包保责任，每月上门检查一次。", "管好农村集体聚餐。"]
    );
}

#[test]
fn a_meetings_topic_is_a_task_and_its_views_and_closing_none() {
    let notice = split(
        "县人民政府常务会议纪要\n一、研究高标准农田建设项目\n会议听取了县农业农村局的汇报。\n\
         六户地镇要在3月底前把地块报县农业农村局。\n二、会议认为，去年征兵工作圆满完成。\n\
         三、会议要求，各镇要压实责任，县政府督查室将适时督查。",
    );
    assert_eq!(
        texts(&notice),
        ["会议听取了县农业农村局的汇报。六户地镇要在3月底前把地块报县农业农村局。"]
    );
    assert_eq!(
        notice.tasks[0].context.as_deref(),
        Some("研究高标准农田建设项目")
    );
}

#[test]
fn an_attachment_list_asks_nothing() {
    let notice = split(
        "各乡镇：\n请各乡镇对辖区建筑业企业逐家核查，8月底前报县住建局。\n\
         附件：1.建筑业企业资质动态核查表\n　　　2.核查标准\n玛纳斯县住房和城乡建设局\n2025年7月30日",
    );
    assert_eq!(
        texts(&notice),
        ["请各乡镇对辖区建筑业企业逐家核查，8月底前报县住建局。"]
    );
}

#[test]
fn a_clause_that_says_what_the_county_does_is_no_task() {
    let notice = split(
        "各乡镇：\n一、缴费渠道。群众可自行缴费，资助对象由县医保局统一办理。\n\
         二、工作任务。各乡镇要组织村干部逐户动员参保。",
    );
    assert_eq!(
        texts(&notice),
        ["工作任务。各乡镇要组织村干部逐户动员参保。"]
    );
}

#[test]
fn a_salutation_before_the_first_clause_on_its_line_is_no_part_of_it() {
    let notice = split("各乡镇：一、请给村民开单身证明。\n二、请组织干部参加马拉松比赛。");
    assert_eq!(
        texts(&notice),
        ["请给村民开单身证明。", "请组织干部参加马拉松比赛。"]
    );
}

#[test]
fn each_point_of_a_call_is_a_task_and_the_towns_notes_are_none() {
    let notice = split(
        "值班电话记录\n时间：2025年6月22日 21:40\n来电单位：县应急管理局值班室\n接听人：镇值班干部\n\
         内容：请镇里马上通知到各村转移低洼地群众。\n另：受灾农户的补助名单，请镇里审核公示后报县农业农村局。\n\
         处理情况：已转应急办，请于明天前反馈。",
    );
    assert_eq!(notice.tasks.len(), 2, "{:?}", texts(&notice));
}

#[test]
fn a_batch_of_work_orders_pasted_as_a_table_is_a_task_an_order() {
    let notice = split(
        "工单批量转办单\n处理要求：请属地核实处理。\n工单编号｜来电时间｜诉求摘要\n\
         MNS01｜5月17日｜市民反映养羊场粪污堆在渠边，希望有人管管。\n\
         MNS02｜5月18日｜来电人称老板拖欠工钱，要求帮忙要回来。",
    );
    assert_eq!(notice.tasks.len(), 2, "{:?}", texts(&notice));
}

#[test]
fn one_shi_er_shi_in_a_paragraph_are_tasks_each() {
    let notice = split("各乡镇要：一是加强禁毒宣传；二是开展吸毒人员排查；三是及时上报线索。");
    assert_eq!(
        texts(&notice),
        ["加强禁毒宣传；", "开展吸毒人员排查；", "及时上报线索。"]
    );
}

#[test]
fn a_forwarded_message_loses_its_label_and_a_citation_its_authority() {
    let notice = split("12345工单：按照县委工作要求，请属地乡镇核实处理并回复。");
    assert_eq!(texts(&notice), ["请属地乡镇核实处理并回复。"]);
}

#[test]
fn a_task_tables_row_gives_its_lead_and_deadline_not_its_text() {
    let notice = split(
        "任务分解表\n1. 开展农村户厕摸排（牵头单位：县农业农村局；责任单位：各乡镇；完成时限：2026年12月31日）\n\
         2. 修补村道坑槽（牵头单位：县交通运输局；责任单位：各乡镇）",
    );
    assert_eq!(texts(&notice), ["开展农村户厕摸排", "修补村道坑槽"]);
    assert_eq!(notice.tasks[0].lead.as_deref(), Some("县农业农村局"));
    assert_eq!(notice.tasks[0].deadline.as_deref(), Some("2026年12月31日"));
    assert_eq!(notice.tasks[1].deadline, None);
}

#[test]
fn a_red_head_names_the_issuer_and_the_title_is_below_it() {
    let notice = split(
        "玛纳斯县人民政府办公室文件\n玛政办发〔2026〕31号\n关于做好冬季供暖保障工作的通知\n\
         各乡镇人民政府：\n一、请各乡镇摸排辖区困难群众取暖情况。\n",
    );
    assert_eq!(
        notice.title.as_deref(),
        Some("关于做好冬季供暖保障工作的通知")
    );
    assert_eq!(notice.from.as_deref(), Some("玛纳斯县人民政府办公室"));
    assert_eq!(texts(&notice), ["请各乡镇摸排辖区困难群众取暖情况。"]);
}

#[test]
fn numbered_clauses_on_one_line_are_tasks_each() {
    let notice = split("各乡镇：一、摸排农村户厕。二、抽调2名干部到县里。三、宣传禁毒。");
    assert_eq!(
        texts(&notice),
        ["摸排农村户厕。", "抽调2名干部到县里。", "宣传禁毒。"]
    );
}

#[test]
fn a_letter_turning_to_another_matter_asks_two_things_and_a_deadline_is_no_matter() {
    let letter = split(
        "玛纳斯县公安局\n六户地镇人民政府：\n\
         请你镇对12户分户申请人的宅基地、家庭成员情况进行核实，签署镇级审核意见后反馈派出所。\n\
         另，为压降电信网络诈骗发案，请你镇组织镇村干部入户，帮助群众下载注册反诈APP，12月底前注册率达到90%以上。\n\
         玛纳斯县公安局",
    );
    assert_eq!(letter.tasks.len(), 2, "{:?}", texts(&letter));
    assert!(letter.tasks[1].text.contains("反诈"));
    // Inside one paragraph of a short message too.
    let sms = split(
        "【县妇联】各乡镇妇联主席：请摸排辖区困难单亲母亲、留守妇女儿童，组织执委走访关爱，名单12月20日前报县妇联。\
         另，自下周起各村妇联每周一报送学习简报，每期附活动照片不少于6张，县妇联每月排名通报。收到请回复。",
    );
    assert_eq!(sms.tasks.len(), 2, "{:?}", texts(&sms));
    // "另请…" that only says by when goes with the ask.
    let one = split("请各村核实低保对象家庭收入变化情况。另请于周五前报送。");
    assert_eq!(one.tasks.len(), 1, "{:?}", texts(&one));
}

#[test]
fn chat_senders_after_a_time_or_by_name_and_post_start_messages() {
    let group = split(
        "【县卫健委-乡镇卫生工作群】\n\
         2026/6/3 10:28  县卫健委妇幼股-周丽\n请镇上组织各村动员35—64岁妇女参加两癌筛查，按排班表分批带到镇卫生院检查。\n\
         2026/6/3 10:35  六户地镇卫健办-陈晓\n收到，已转各村\n\
         2026/6/5 09:14  县疾控中心-刘医生\n请镇上协同卫生院、村医逐户核实漏种疫苗的适龄儿童，督促家长带孩子补种。\n\
         2026/6/5 09:20  六户地镇卫健办-陈晓\n收到",
    );
    assert_eq!(group.tasks.len(), 2, "{:?}", texts(&group));
    // A private chat: the heading names who is the town's; its replies ask nothing.
    let private = split(
        "【微信聊天记录】县民政局社会救助股-何静 ⇄ 六户地镇民政办-李梅\n\
         何静  10:15\n麻烦让各村核一下新满80岁老人的户口和银行卡信息，核好报镇上汇总，13号前报我们。\n\
         李梅  10:21\n好的何老师，收到，我这就发各村，能不能再宽限两天请您定。\n\
         何静  14:02\n还有一个，请你们镇上给冯某开一个婚姻状况证明，盖镇政府的章。",
    );
    assert_eq!(private.tasks.len(), 2, "{:?}", texts(&private));
}

#[test]
fn a_town_with_zhou_in_its_name_answers_as_a_town() {
    assert!(super::super::chat::is_prefecture_office(
        "昌吉州生态环境局-王"
    ));
    assert!(!super::super::chat::is_prefecture_office("凉州户镇-马丽"));
}

#[test]
fn a_name_after_a_time_is_a_sender_and_a_posted_file_says_nothing() {
    let chat = split(
        "微信聊天记录（三岔坪村党支部书记 赵建国 → 六户地镇包村领导 张副镇长）\n\
         2025/06/03 08:47  赵建国：\n两家为了地边子吵起来了，村里调不下来，能不能请镇上司法所过来给调一下？\n\
         2025/06/03 08:49  赵建国：\n还有一个，水库边上漂着死羊，镇上能不能派人来捞一下？\n\
         2025/06/03 08:52  赵建国：\n[图片]\n[文件] 现场照片.zip\n\
         2025/06/03 09:10  张副镇长：\n收到。",
    );
    assert_eq!(chat.tasks.len(), 2, "{:?}", texts(&chat));
    assert!(texts(&chat).iter().all(|t| !t.contains("[文件]")));
}

#[test]
fn a_quota_set_for_the_towns_asks() {
    let group = split(
        "2025-11-03 09:12  县委宣传部-李婧\n请各村本月至少放一场电影。\n\
         2025-11-03 09:15  六户地镇-马文娟\n收到\n\
         2025-11-03 09:40  县委宣传部-李婧\n再说个事。网络评选开始了，干部职工每人每天投票不少于3次，各村每天不少于200票。",
    );
    assert_eq!(group.tasks.len(), 2, "{:?}", texts(&group));
}

#[test]
fn a_second_ask_after_tong_shi_or_asks_listed_one_thing_at_a_time_are_tasks_of_their_own() {
    let also = split(
        "【县消防救援大队】六户地镇人民政府：请镇里组织各村在12月15日前对住户的火炉、火墙、烟囱逐户过一遍，\
         发现问题当场督促整改；同时为辖区独居老人家庭安装独立式烟感报警器，每户设备及安装费80元由镇里承担。",
    );
    assert_eq!(also.tasks.len(), 2, "{:?}", texts(&also));
    assert!(texts(&also)[1].starts_with("同时为辖区独居老人"));
    // "同时…宣传" only says how the first ask is done.
    let how = split(
        "各乡镇：请组织各村对辖区养犬户逐户登记，给看家狗全部打上狂犬疫苗；同时在村里大喇叭和微信群里宣传一下文明养犬。",
    );
    assert_eq!(how.tasks.len(), 1, "{:?}", texts(&how));
    let listed = split(
        "转办意见：请六户地镇会同县农业农村局调查处理：对养殖场排污问题核实制止；对水库死羊及时打捞、无害化处理并查清来源。",
    );
    assert_eq!(listed.tasks.len(), 2, "{:?}", texts(&listed));
    assert!(texts(&listed)[1].starts_with("对水库死羊"));
}

#[test]
fn a_letter_turning_to_what_another_office_reported_is_another_task() {
    let letter = split(
        "六户地镇人民政府：\n经调度，你镇有工单5件超期未办结。请你镇逐件核查，10月24日前办结并在系统中反馈。\n\
         另据县消防安全委员会办公室通报，你镇部分村尚未建立微型消防站。请你镇在各村建设微型消防站，配齐灭火器。\n",
    );
    assert_eq!(letter.tasks.len(), 2, "{:?}", texts(&letter));
}

#[test]
fn a_chat_written_name_colon_message_is_read_message_by_message() {
    let chat = split(
        "微信聊天记录\n马建国（三岔坪村党支部书记） 与 李主任（六户地镇社会事务办）\n2025年4月2日 19:41\n\
         马建国：村里想在公墓北边再扩一块，你们能不能派人下来看看，把扩墓地的事帮着往前推一推\n\
         马建国：[图片]\n2025年4月2日 19:43\n\
         马建国：还有一个，赵家老二要单独立户，材料明天送镇上，麻烦你们给出个审核意见\n\
         李主任：好的马书记，分户的材料送到便民服务中心3号窗口就行\n",
    );
    assert_eq!(chat.tasks.len(), 2, "{:?}", texts(&chat));
    // The town's 李主任 answers; what she says is no ask.
    assert!(texts(&chat).iter().all(|t| !t.contains("3号窗口")));
}

#[test]
fn a_message_log_line_by_line_and_a_sender_with_an_office_in_brackets_start_messages() {
    let log = split(
        "镇统计站工作手机短信（摘录）\n\
         [2025-07-02 10:15] 【国家统计局玛纳斯调查队】六户地镇统计站：请辅助调查员7月8日前入户落实，发放记账本。\n\
         [2025-07-03 09:40] 【玛纳斯县统计局】各乡镇：请于7月10日前报送上半年农林牧渔业产值统计表。\n\
         [2025-07-03 16:30] 收到（已回复）\n",
    );
    assert_eq!(log.tasks.len(), 2, "{:?}", texts(&log));
    let group = split(
        "“六户地镇食品安全工作群”聊天记录（导出）\n李所长（六户地市场监管所）  9:20\n\
         各村书记收到有办宴席的，请提前3天登记，报到我们所里。\n三岔坪村-马书记  9:22\n收到。\n\
         县市场监管局-宣传科  15:30\n请镇村全体干部和每户村民至少1人注册并关注小程序，注册截图发群里。\n",
    );
    assert_eq!(group.tasks.len(), 2, "{:?}", texts(&group));
}

#[test]
fn a_batch_of_work_orders_asks_what_its_request_column_says() {
    let batch = split(
        "玛纳斯县12345热线工单批量派发清单（六户地镇）\n\
         序号\t工单编号\t诉求摘要\t处理要求\t办理时限\n\
         1\tMNS2025112400233\t市民反映中心街一家便利店没有营业执照\t请六户地镇核实，对无照经营行为依法立案处罚\t5个工作日\n",
    );
    assert_eq!(batch.tasks.len(), 1);
    assert!(
        batch.tasks[0].text.contains("依法立案处罚"),
        "{:?}",
        texts(&batch)
    );
}

#[test]
fn a_village_secretarys_next_matter_is_a_task_even_when_it_asks_in_no_words() {
    let chat = split(
        "微信聊天记录（三岔坪村党支部书记张卫东 与 六户地镇党政办刘敏）\n张卫东 10:12\n\
         刘主任，县卫健委让我们村把高血压病人的建档名单跟镇卫生院的再对一遍，请镇上帮着协调。\n\
         张卫东 10:13\n第二个，民政局救助站来电话说在昌吉市街上发现我们村的马老汉，让我们村去接回来。\n\
         刘敏 10:14\n👍\n张卫东 10:41\n对了，供销社的人说每户摊一份助农大礼包，钱村里先收上去交给他们。\n",
    );
    assert_eq!(chat.tasks.len(), 3, "{:?}", texts(&chat));
    assert!(texts(&chat)[1].contains("马老汉"));
}

#[test]
fn a_villages_question_in_the_countys_group_is_answered_not_asked_anew() {
    let notice = split(
        "【六户地镇水利工作群】聊天记录导出\n\
         2025-04-08 09:12  县水利局水资源股-王建军\n一季度机电井用水量报表今天下班前交一下。\n\
         2025-04-08 10:03  县水利局节水办-张丽\n每个灌溉农户都要下载注册“智慧水利”APP，安装率要达到90%以上。\n\
         2025-04-08 10:05  土炮营村-周书记\n收到。我们村好多是老年人，智能手机都不太会用，咋弄？\n\
         2025-04-08 10:06  县水利局节水办-张丽\n让村干部上门帮着装，安装率要算到考核里的。\n\
         2025-04-08 10:11  三岔坪村-赵建国\n收到",
    );
    assert_eq!(
        texts(&notice),
        [
            "一季度机电井用水量报表今天下班前交一下。",
            "每个灌溉农户都要下载注册“智慧水利”APP，安装率要达到90%以上。\
             让村干部上门帮着装，安装率要算到考核里的。"
        ]
    );
}

#[test]
fn a_reports_findings_and_its_background_enumeration_are_no_tasks() {
    let notice = split(
        "关于专项督查情况的通报\n各乡镇：\n一、总体情况\n各乡镇普遍比较重视，整改进度较快。\n\
         二、六户地镇存在的主要问题\n1.村庄规划区内有5户村民擅自搭建彩钢房，至今未处理。\n\
         三、整改要求\n（一）针对问题1，六户地镇要在9月15日前将彩钢房拆除到位。",
    );
    assert_eq!(
        texts(&notice),
        ["针对问题1，六户地镇要在9月15日前将彩钢房拆除到位。"]
    );
    // What a report found, "一是…二是…", asks nothing; the 批示 under it does.
    let notice = split(
        "玛纳斯信息（专报）\n调研发现，一是标准化鹅舍不足，冬季保温差；二是鹅蛋主要靠外地客商上门收购。\n\
         县委书记批示：\n请六户地镇年内再建一批标准化鹅舍。",
    );
    assert_eq!(texts(&notice), ["请六户地镇年内再建一批标准化鹅舍。"]);
}

#[test]
fn a_tables_request_and_a_villages_wish_are_what_is_asked_and_a_field_may_run_onto_the_next_line() {
    let notice = split(
        "工单批量转办汇总表\n序号 | 工单编号 | 诉求人 | 诉求内容摘要 | 转办意见 | 办理时限\n\
         1 | MNS1 | 马先生 | 要求镇政府给开一份未婚证明。 | 请六户地镇为诉求人出具婚姻状况证明。 | 3个工作日",
    );
    assert_eq!(
        texts(&notice),
        ["要求镇政府给开一份未婚证明。：请六户地镇为诉求人出具婚姻状况证明。"]
    );
    let notice = split(
        "12345热线工单\n工单编号：MNS1\n受理渠道：电话\n办理时限：5个工作日\n诉求内容：\n\
         村道被大货车压出好几个大坑。\n\n转派意见：\n请六户地镇组织人员修补坑槽。\n派单人：07号话务员",
    );
    assert_eq!(texts(&notice), ["请六户地镇组织人员修补坑槽。"]);
    assert_eq!(
        notice.tasks[0].context.as_deref(),
        Some("村道被大货车压出好几个大坑。")
    );
}

#[test]
fn a_table_set_apart_by_spaces_is_a_table_and_its_total_and_notes_end_it() {
    let notice = split(
        "各乡镇：\n现将重点任务分解表印发给你们。\n\
         序号  工作任务  牵头单位  责任单位  完成时限\n\
         1  由各乡镇逐村对规模以下养殖户进行入户登记  县生态环境分局  各乡镇  2025年6月30日前\n\
         2  开展废旧地膜回收专项行动  各乡镇  县供销社  2025年11月",
    );
    assert_eq!(
        texts(&notice),
        [
            "由各乡镇逐村对规模以下养殖户进行入户登记",
            "开展废旧地膜回收专项行动"
        ]
    );
    let notice = split(
        "考核细则\n考核内容\t评分标准\t分值\n1.参保率\t参保率达到97%的得满分，由各乡镇动员续保。\t25\n\
         2.窗口\t各乡镇医保窗口业务即时受理\t20\n合计\t\t45\n说明：考核结果计入乡镇年度绩效考核。",
    );
    assert_eq!(notice.tasks.len(), 2, "{:?}", texts(&notice));
    assert!(
        !notice.tasks[1].text.contains("合计"),
        "{:?}",
        texts(&notice)
    );
}

#[test]
fn the_notes_under_a_table_or_a_batch_are_no_tasks() {
    let notice = split(
        "工单批量转办清单\n承办单位：六户地镇人民政府\n办理时限：5个工作日\n\
         工单一\n工单编号：MNS1\n诉求内容：垃圾箱一个多星期没人拉了。\n处理要求：请核实后安排清运。\n\
         工单二\n工单编号：MNS2\n诉求内容：小卖部卖过期食品。\n处理要求：请属地依法查处。\n\
         备注：\n1.请于转办后2小时内在系统中签收；\n2.办理完毕后请上传回访记录。",
    );
    assert_eq!(texts(&notice), ["请核实后安排清运。", "请属地依法查处。"]);
    let notice = split(
        "各乡镇：\n序号\t工作任务\t牵头单位\t责任单位\n1\t建成镇级微型消防站\t县消防救援局\t各乡镇人民政府\n\
         2\t新建村级老年助餐点\t县民政局\t各乡镇人民政府\n\
         备注：1.各责任单位每月25日前向牵头单位报送工作进展。\n2.任务完成情况纳入年度绩效考核。",
    );
    assert_eq!(texts(&notice), ["建成镇级微型消防站", "新建村级老年助餐点"]);
}
