/// The binding texts of one check's results (`t = table 支出汇总表 (57 rows), r = 支出汇总表 201 …,
/// c = "总计"`), built level by level. Bindings are enumerated outer level first, so consecutive
/// results share the text of their outer levels: each level's text is kept and only the levels
/// whose value changed are rendered again (a check over tables × rows × columns renders the
/// table once, each row once, and joins one column name per result).
struct BindingTexts {
    /// Per level: the value rendered (its bytes: the caller keeps every combination alive while
    /// it asks for texts) and the text of the levels up to and including it.
    private var levels: [(bits: Evaluator.ValueBits, text: String)] = []

    /// `v1 = …, v2 = …` for a combination of binding values of `check`.
    mutating func text(of combo: [Value], _ check: CompiledCheck, _ pack: Pack) -> String {
        var k = 0
        while Evaluator.valueFitsBits, k < combo.count, k < levels.count, levels[k].bits == Evaluator.ValueBits(combo[k]) { k += 1 }
        if levels.count > k { levels.removeSubrange(k...) }
        while k < combo.count {
            let value = pack.bindingText(combo[k])
            let variable = check.bindings[k].variable
            var text = ""
            if k > 0 {
                let outer = levels[k - 1].text
                text.reserveCapacity(outer.utf8.count + 5 + variable.utf8.count + value.utf8.count)
                text += outer
                text += ", "
            }
            text += variable
            text += " = "
            text += value
            levels.append((Evaluator.ValueBits(combo[k]), text))
            k += 1
        }
        return levels[combo.count - 1].text
    }
}
