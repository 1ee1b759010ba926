/// What identifies the rows of a table: a classification code, a 行次 number, or the row's name.
public enum RowKey: String, Sendable, Hashable, CaseIterable, Codable {
    /// 支出功能分类 code: 类 3 digits, 款 5, 项 7; a code's prefix is its parent.
    case functional = "功能分类"
    /// 支出经济分类 code: 类 3 digits, 款 5.
    case economic = "经济分类"
    /// The printed row number (行次), never an amount.
    case lineNumber = "行次"
    /// The row's name (科目名称 / 项目).
    case name = "名称"

    /// Whether rows keyed this way form a hierarchy by code prefix.
    public var isClassification: Bool { self == .functional || self == .economic }

    /// The digit counts of the levels of a classification (类/款/项).
    public var levelLengths: [Int] {
        switch self {
        case .functional: [3, 5, 7]
        case .economic: [3, 5]
        default: []
        }
    }

    /// Parses a row key as written in a pack (`功能分类`, `经济分类`, `行次`, `名称`/`name`).
    public init?(written: String) {
        // The compiler asks this of every name in a pack, most of them no row key: compared
        // as bytes when that is the same as comparing Strings (``RunCaches/isPlain(_:)``).
        let plain = RunCaches.isPlain(written)
        func is_(_ spelling: StaticString) -> Bool {
            PlainText.hasBytes(written, spelling) || !plain && written == spelling.description
        }
        if is_("功能分类") || is_("functional") { self = .functional }
        else if is_("经济分类") || is_("economic") { self = .economic }
        else if is_("行次") || is_("line") { self = .lineNumber }
        else if is_("名称") || is_("name") || is_("项目") || is_("科目名称") { self = .name }
        else { return nil }
    }
}
