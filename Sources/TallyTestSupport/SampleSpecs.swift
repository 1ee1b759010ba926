import Tally

/// Table and fact declarations for tests, written as Swift values until packs declare the same
/// in Tally source: the national final-accounts tables 公开01–09, the district budget tables of
/// the sample reports 001/002, and the city budget template 表1–表13.
public enum SampleSpecs {
    static func c(_ name: String, _ aliases: String...) -> ColumnSpec { ColumnSpec(name: name, aliases: aliases) }

    // MARK: Final accounts (部门决算, 公开01–09)

    /// The nine final-accounts tables of the national template.
    public static let finalAccounts: [TableSpec] = [
        TableSpec(name: "公开01", titles: ["收入支出决算总表"], numbers: ["公开01"], rowKeys: [.lineNumber, .name], columns: [],
                  groups: [ColumnGroupSpec(name: "收入", rowKeys: [.lineNumber, .name], columns: [c("决算数")]),
                           ColumnGroupSpec(name: "支出", rowKeys: [.lineNumber, .name], columns: [c("决算数")])],
                  isRequired: true),
        TableSpec(name: "公开02", titles: ["收入决算表"], numbers: ["公开02"], rowKeys: [.functional, .name],
                  columns: [c("本年收入合计", "合计", "本年收入"), c("财政拨款收入"), c("上级补助收入"), c("事业收入"),
                            c("经营收入"), c("附属单位上缴收入"), c("其他收入")], isRequired: true),
        TableSpec(name: "公开03", titles: ["支出决算表"], numbers: ["公开03"], rowKeys: [.functional, .name],
                  columns: [c("本年支出合计", "合计", "本年支出"), c("基本支出"), c("项目支出"), c("上缴上级支出"),
                            c("经营支出"), c("对附属单位补助支出")], isRequired: true),
        TableSpec(name: "公开04", titles: ["财政拨款收入支出决算总表"], numbers: ["公开04"], rowKeys: [.lineNumber, .name], columns: [],
                  groups: [ColumnGroupSpec(name: "收入", rowKeys: [.lineNumber, .name], columns: [c("决算数")]),
                           ColumnGroupSpec(name: "支出", rowKeys: [.lineNumber, .name],
                                           columns: [c("小计", "合计", "决算数"), c("一般公共预算财政拨款"),
                                                     c("政府性基金预算财政拨款"), c("国有资本经营预算财政拨款")])],
                  isRequired: true),
        TableSpec(name: "公开05", titles: ["一般公共预算财政拨款支出决算表"], numbers: ["公开05"], rowKeys: [.functional, .name],
                  columns: [c("小计", "合计", "本年支出合计"), c("基本支出"), c("项目支出")], isRequired: true),
        TableSpec(name: "公开06", titles: ["一般公共预算财政拨款基本支出决算明细表", "一般公共预算财政拨款基本支出决算表"],
                  numbers: ["公开06"], rowKeys: [.economic, .name], columns: [],
                  groups: [ColumnGroupSpec(name: "人员经费", rowKeys: [.economic, .name], columns: [c("决算数")]),
                           ColumnGroupSpec(name: "公用经费", rowKeys: [.economic, .name], columns: [c("决算数")]),
                           ColumnGroupSpec(name: "资本性支出", rowKeys: [.economic, .name], columns: [c("决算数")])],
                  isRequired: true),
        TableSpec(name: "公开07", titles: ["政府性基金预算财政拨款收入支出决算表"], numbers: ["公开07"], rowKeys: [.functional, .name],
                  columns: [c("年初结转和结余"), c("本年收入"), c("本年支出小计", "小计", "本年支出"), c("基本支出"), c("项目支出"),
                            c("年末结转和结余")], isRequired: true),
        TableSpec(name: "公开08", titles: ["国有资本经营预算财政拨款支出决算表"], numbers: ["公开08"], rowKeys: [.functional, .name],
                  columns: [c("合计", "小计", "本年支出合计"), c("基本支出"), c("项目支出")], isRequired: true),
        TableSpec(name: "公开09", titles: ["财政拨款“三公”经费支出决算表"], numbers: ["公开09"], rowKeys: [.name], columns: [],
                  groups: ["预算数", "决算数"].map { g in
                      ColumnGroupSpec(name: g, rowKeys: [.name], columns: [
                          c("合计"), c("因公出国(境)费", "因公出国（境）费用"),
                          c("公务用车购置及运行维护费", "公务用车购置及运行费"),
                          c("公务用车购置费", "购置费"), c("公务用车运行维护费", "运行维护费", "公务用车运行费"),
                          c("公务接待费")])
                  },
                  isRequired: true, isSingleRow: true),
    ]

    // MARK: District budget (区级部门预算, reports 001/002)

    static let threeSidedGroups: [ColumnGroupSpec] = [
        ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数")]),
        ColumnGroupSpec(name: "支出(经济分类)", rowKeys: [.name], columns: [c("预算数")]),
        ColumnGroupSpec(name: "支出(功能分类)", rowKeys: [.functional, .name], columns: [c("预算数")]),
    ]

    /// The district budget tables of reports 001 and 002.
    public static let districtBudget: [TableSpec] = [
        TableSpec(name: "部门收支总表", titles: ["部门收支总表"], rowKeys: [.name], columns: [], groups: threeSidedGroups),
        TableSpec(name: "部门收入汇总表", titles: ["部门收入汇总表", "部门收入总表"], rowKeys: [.name],
                  columns: [c("总计"), c("经费拨款小计", "经费拨款(补助)小计", "经费拨款(补助)"), c("财政指标拨款(补助)"),
                            c("纳入国库非税收入安排的拨款"), c("上级专项转移支付"),
                            c("纳入财政专户管理资金", "纳入财政专户管理资金(教育卫生专用)"), c("政府性基金"),
                            c("其他自有资金小计", "其他自有资金"), c("上级补助收入"), c("附属单位上缴收入"), c("事业单位经营收入"),
                            c("上年结转小计", "上年结转")]),
        TableSpec(name: "部门支出汇总表", titles: ["部门支出汇总表", "部门支出总表", "支出总表"], rowKeys: [.functional, .name],
                  columns: [c("总计"), c("基本支出", "基本支出小计"), c("工资福利支出"), c("商品和服务支出"),
                            c("对个人和家庭的补助支出", "对个人和家庭的补助"), c("一般资本性支出"),
                            c("部门项目", "部门项目小计"), c("部门项目经常性项目"), c("部门项目专项项目"), c("部门项目一次项目"),
                            c("部门项目其他项目"),
                            c("公共项目", "公共项目(专项资金)", "公共项目(专项资金)小计"),
                            c("公共项目经常性项目", "公共项目(专项资金)经常性项目"),
                            c("公共项目专项项目", "公共项目(专项资金)专项项目"),
                            c("公共项目一次项目", "公共项目(专项资金)一次项目"),
                            c("公共项目其他项目", "公共项目(专项资金)其他项目")]),
        TableSpec(name: "财政拨款收支总表", titles: ["财政拨款收支预算总表", "财政拨款收支总表"], rowKeys: [.name], columns: [],
                  groups: threeSidedGroups),
        TableSpec(name: "一般公共预算支出总表", titles: ["一般公共预算支出总表"], rowKeys: [.functional, .name],
                  columns: [c("总计"), c("基本支出", "基本支出小计"), c("工资福利支出"), c("商品和服务支出"),
                            c("对个人和家庭的补助支出"), c("一般资本性支出"), c("项目支出", "项目支出小计"), c("部门项目"),
                            c("公共项目", "公共项目(专项资金)")]),
        TableSpec(name: "一般公共预算支出表", titles: ["一般公共预算支出表（功能分类项级）", "一般公共预算支出表(功能分类)"],
                  rowKeys: [.functional, .name],
                  columns: [c("合计"), c("工资福利支出"), c("商品和服务支出"), c("对个人和家庭补助支出", "对个人和家庭的补助支出"),
                            c("债务利息支出"), c("债务还本支出"), c("资本性支出", "资本性支出(资本性支出)")]),
        TableSpec(name: "基本支出表", titles: ["一般公共预算基本支出表（经济分类款级）", "一般公共预算基本支出表"],
                  rowKeys: [.economic, .name], columns: [c("总计", "合计", "金额")]),
        TableSpec(name: "三公经费支出表", titles: ["一般公共预算‘三公’经费支出表"], rowKeys: [.name],
                  columns: [c("本年预算数", "预算数")]),
        TableSpec(name: "政府性基金预算支出表", titles: ["政府性基金预算支出表"], rowKeys: [.functional, .name],
                  columns: [c("小计", "本年政府性基金预算支出"), c("基本支出"), c("项目支出")]),
    ]

    // MARK: City budget template (市级部门预算, 表1–表13)

    /// The city budget template 表1–表13.
    public static let cityBudget: [TableSpec] = [
        TableSpec(name: "表1", titles: ["财政拨款收支总体情况表"], numbers: ["表1"], rowKeys: [.name], columns: [],
                  groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数")]),
                           ColumnGroupSpec(name: "支出", rowKeys: [.name], columns: [c("预算数")])]),
        TableSpec(name: "表2", titles: ["一般公共预算支出情况表"], numbers: ["表2"], rowKeys: [.functional, .name],
                  columns: [c("合计", "小计"), c("基本支出"), c("项目支出")]),
        TableSpec(name: "表3", titles: ["一般公共预算基本支出情况表"], numbers: ["表3"], rowKeys: [.economic, .name],
                  columns: [c("合计", "小计"), c("人员经费"), c("公用经费")]),
        TableSpec(name: "表4", titles: ["“三公”经费支出情况表"], numbers: ["表4"], rowKeys: [.name],
                  columns: [c("合计"), c("因公出国(境)费"), c("公务用车购置及运行费", "公务用车购置及运行维护费"),
                            c("公务用车购置费", "购置费"), c("公务用车运行费", "运行费", "公务用车运行维护费"), c("公务接待费")],
                  isSingleRow: true),
        TableSpec(name: "表5", titles: ["政府性基金预算支出情况表"], numbers: ["表5"], rowKeys: [.functional, .name],
                  columns: [c("合计", "小计"), c("基本支出"), c("项目支出")]),
        TableSpec(name: "表6", titles: ["收支总体情况表"], numbers: ["表6"], rowKeys: [.name], columns: [],
                  groups: [ColumnGroupSpec(name: "收入", rowKeys: [.name], columns: [c("预算数")]),
                           ColumnGroupSpec(name: "支出", rowKeys: [.name], columns: [c("预算数")])]),
        TableSpec(name: "表7", titles: ["收入总体情况表"], numbers: ["表7"], rowKeys: [.functional, .name],
                  columns: [c("合计", "总计"), c("上年结转"), c("一般公共预算拨款收入", "一般公共预算"),
                            c("政府性基金预算拨款收入", "政府性基金预算"), c("事业收入"), c("事业单位经营收入"), c("其他收入")]),
        TableSpec(name: "表8", titles: ["支出总体情况表"], numbers: ["表8"], rowKeys: [.functional, .name],
                  columns: [c("合计", "总计"), c("基本支出"), c("项目支出")]),
        TableSpec(name: "表9", titles: ["项目支出情况表"], numbers: ["表9"], rowKeys: [.name], columns: [c("合计", "金额")]),
        TableSpec(name: "表10", titles: ["政府采购支出情况表"], numbers: ["表10"], rowKeys: [.name], columns: [c("合计", "金额")]),
        TableSpec(name: "表11", titles: ["政府向社会力量购买服务支出情况表"], numbers: ["表11"], rowKeys: [.name],
                  columns: [c("合计", "金额")]),
        TableSpec(name: "表12", titles: ["整体支出绩效目标表"], numbers: ["表12"], rowKeys: [.name],
                  columns: [c("当年金额", "金额"), c("占比")]),
        TableSpec(name: "表13", titles: ["项目支出绩效目标表"], numbers: ["表13"], rowKeys: [.name], columns: [c("金额")]),
    ]

    /// Every sample table declaration.
    public static var allTables: [TableSpec] { finalAccounts + districtBudget + cityBudget }

    // MARK: Facts

    /// Narrative fact patterns: budget completion, growth, shares.
    public static let facts: [FactSpec] = [
        FactSpec(name: "完成率", templates: [
            "{科目:text}科目。年初预算为{预算}万元，支出决算为{决算}万元，完成年初预算的{完成率}",
            "{科目:text}年初预算为{预算}万元，支出决算为{决算}万元，完成年初预算的{完成率}",
            "{科目:text}全年预算为{预算}万元，支出决算为{决算}万元，完成全年预算的{完成率}",
            "{科目:text}预算数为{预算}万元，执行数为{决算}万元，完成预算的{完成率}",
        ]),
        FactSpec(name: "增减", templates: [
            "{方向:增加|减少}{变动}万元，{增减:增长|下降}{幅度}",
            "{方向:增加|减少}{变动}万元。{增减:增长|下降|增加|减少}{幅度}",
            "{方向:增加|减少}{变动}万元，{增减:增长|下降}…{幅度}",
        ]),
        FactSpec(name: "占比", templates: [
            "{科目:text}{金额}万元，占{占比}",
            "{科目:text}{金额}万元，占…{占比}",
        ]),
        FactSpec(name: "比较", templates: ["支出决算数{比较:大于|小于|等于}年初预算数"]),
    ]
}
