namespace Hub.Site.Publishing;

/// <summary>Renders one <see cref="PageUnit"/> under a claim: what a change's follow-up and a full republish both call.</summary>
public sealed class UnitRenders(EntryPages entryPages, ListPages listPages)
{
    /// <summary>Renders the unit's files; returns how many were written.</summary>
    public Task<int> RenderAsync(PageUnit unit, RenderClaim claim, CancellationToken cancellationToken) => unit switch
    {
        PageUnit.Entry entry => entryPages.RenderAsync(entry.EntryId, claim, cancellationToken),
        PageUnit.Front front => listPages.RenderFrontAsync(front.List, claim, cancellationToken),
        PageUnit.Month month => listPages.RenderMonthAsync(month.List, month.Period, null, claim, cancellationToken),
        PageUnit.MonthPages pages => listPages.RenderMonthAsync(pages.List, pages.Period, pages.At, claim, cancellationToken),
        _ => throw new ArgumentOutOfRangeException(nameof(unit), unit, "Not a unit of the site."),
    };
}
