/// The functions every pack can call. Each is pure and total over valid arguments.
public enum Builtin: String, Sendable, CaseIterable {
    /// `sum(xs)`: the sum of numbers (rows count as their first amount column); `sum([])` is 0.
    case sum
    /// `count(xs)`: the number of items.
    case count
    /// `min(xs)` / `min(a, b, …)`.
    case min
    /// `max(xs)` / `max(a, b, …)`.
    case max
    /// `abs(x)`.
    case abs
    /// `round(x, n)`: rounded half away from zero to n decimals.
    case round
    /// `blank(x)`: whether a cell was blank.
    case blank
    /// `exists(x)`: whether `x` can be evaluated (its table, row, column or field exists).
    case exists
    /// `facts(kind)`: the narrative facts of a kind, in report order.
    case facts
    /// `previous(xs, f)`: the last item of `xs` that comes before fact or row `f` in the report.
    case previous
    /// `next(xs, f)`: the first item of `xs` that comes after fact or row `f` in the report.
    case next
    /// `first(xs)`, `last(xs)`.
    case first, last
    /// `rows(table)`: every row of a table.
    case rows
    /// `children(row)`, `descendants(row)`.
    case children, descendants
    /// `contains(text, part)`.
    case contains
    /// `same(a, b)`: two names are the same under forgiving name folding.
    case same
    /// `percent(x)`: `x` shown as a percent (for messages).
    case percent
    /// `text(x)`: any value as text.
    case text
    /// `filled(xs)`: the items that are not blank cells.
    case filled
    /// `columns(table)`: the names of a table's amount columns, as texts (`row[c]` reads one).
    case columns
    /// `total(table)`: the table's 合计/总计 row.
    case total
    /// `tables("公开02", "公开03", …)`: the named tables the report has (missing ones skipped).
    case tables
    /// `recent(xs, f, n)`: the last n items of `xs` that come before `f` in the report, nearest last.
    case recent
    /// `length(text)`: the number of characters.
    case length
    /// `prefix(text, n)`: the first n characters.
    case prefix
    /// `number(text)`: a text of digits as an exact number.
    case number
    /// `match(table, row)`: the row of `table` that is the same 科目 as `row`: the same code,
    /// else the one row with the same name, else the one row whose name begins with the other's
    /// (names cut off by extraction). *Not applicable* when there is none or more than one.
    case match
    /// `amounts(text)`: every amount written `N 万元` in a text, in order; `amounts(text, "元")` every
    /// amount written in that unit (`N 元`, not `N 万元`).
    case amounts
    /// `unbracketed(text)`: the text without its parenthesised parts (`（含…）`, `(占 4.8%)`), so
    /// `amounts(unbracketed(t))` leaves out the sub-amounts and notes a list puts in brackets.
    case unbracketed

    /// The accepted argument counts.
    var arity: ClosedRange<Int> {
        switch self {
        case .min, .max: 1...64
        case .round, .amounts: 1...2
        case .previous, .next, .contains, .same, .prefix, .match: 2...2
        case .recent: 3...3
        case .tables: 1...64
        default: 1...1
        }
    }
}
