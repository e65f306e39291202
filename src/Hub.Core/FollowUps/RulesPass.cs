namespace Hub.Core.FollowUps;

/// <summary>
/// The one pass over every entry page that follows changes of the discussion rules (the pages'
/// forms show them: open or closed). A change made while a pass is under way does not start
/// another: it restarts the one under way from where it is, which then goes on to the end, wraps
/// round to the first entry and stops once it is back where the restart found it. So a burst of
/// changes renders each page at most twice, not once per change.
/// </summary>
/// <param name="Owner">The follow-up that advances the pass (its record stays until the pass ends, so a crash resumes it).</param>
/// <param name="Cursor">The last entry rendered in this round (ids in order), null before the first.</param>
/// <param name="StopAt">Where a restarted pass stops once it has wrapped round (null: at the end of this round).</param>
/// <param name="Wrapped">Whether the pass has wrapped round to the first entry.</param>
/// <param name="Until">When the owner's lease runs out: a pass nobody advanced for that long is taken over.</param>
public sealed record RulesPass(string Owner, string? Cursor, string? StopAt, bool Wrapped, DateTimeOffset Until)
{
    /// <summary>How long the owner may go without advancing the pass before another follow-up takes it over.</summary>
    public static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);

    /// <summary>A pass from the first entry page to the last.</summary>
    public static RulesPass Start(string owner, DateTimeOffset now) => new(owner, Cursor: null, StopAt: null, Wrapped: false, now + Lease);

    /// <summary>
    /// The pass made to cover a change committed now: every page from where it is round to where it
    /// is again. A pass that has rendered nothing in this round covers it already.
    /// </summary>
    public RulesPass Restarted() => Cursor is null
        ? this with { StopAt = null, Wrapped = false }
        : this with { StopAt = Cursor, Wrapped = false };

    /// <summary>The pass after a batch that rendered up to <paramref name="next"/> (null: to the last entry); null when the pass is done.</summary>
    public RulesPass? Advanced(string? next, DateTimeOffset now)
    {
        if (next is null)
        {
            return !Wrapped && StopAt is not null ? this with { Cursor = null, Wrapped = true, Until = now + Lease } : null;
        }

        return Wrapped && string.CompareOrdinal(next, StopAt) >= 0 ? null : this with { Cursor = next, Until = now + Lease };
    }
}
