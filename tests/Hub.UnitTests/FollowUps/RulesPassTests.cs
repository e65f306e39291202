using Hub.Core.FollowUps;

namespace Hub.UnitTests.FollowUps;

/// <summary>How the one pass over every entry page after a rules change moves, restarts and ends.</summary>
public sealed class RulesPassTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 12, 0, 0, TimeSpan.Zero);

    private static RulesPass Pass(string? cursor, string? stopAt = null, bool wrapped = false) => new("owner", cursor, stopAt, wrapped, Now);

    public static TheoryData<string, RulesPass, string?, RulesPass?> Advances => new()
    {
        { "a fresh pass renders on from the first page", Pass(null), "e", Pass("e") },
        { "a pass goes on from where it is", Pass("e"), "k", Pass("k") },
        { "a pass that was never restarted ends at the last page", Pass("k"), null, null },
        { "a restarted pass wraps round at the last page", Pass("k", stopAt: "f"), null, Pass(null, stopAt: "f", wrapped: true) },
        { "after wrapping it goes on while short of where it was restarted", Pass(null, stopAt: "f", wrapped: true), "c", Pass("c", stopAt: "f", wrapped: true) },
        { "after wrapping it ends on reaching where it was restarted", Pass("c", stopAt: "f", wrapped: true), "f", null },
        { "after wrapping it ends on passing where it was restarted", Pass("c", stopAt: "f", wrapped: true), "h", null },
        { "after wrapping it ends at the last page whatever", Pass("c", stopAt: "f", wrapped: true), null, null },
    };

    [Theory]
    [MemberData(nameof(Advances))]
    public void A_batch_advances_the_pass(string because, RulesPass pass, string? renderedUpTo, RulesPass? expected)
    {
        var advanced = pass.Advanced(renderedUpTo, Now - RulesPass.Lease);
        Assert.True(expected == advanced, $"{because}: {advanced}");
    }

    public static TheoryData<string, RulesPass, RulesPass> Restarts => new()
    {
        { "a pass that has rendered nothing covers the change already", Pass(null), Pass(null) },
        { "a pass part way goes round to where it is", Pass("k"), Pass("k", stopAt: "k") },
        { "a restarted pass is restarted from where it is now", Pass("m", stopAt: "f"), Pass("m", stopAt: "m") },
        { "a wrapped pass goes round again from where it is", Pass("c", stopAt: "f", wrapped: true), Pass("c", stopAt: "c") },
        { "a pass just wrapped goes round once from the first page", Pass(null, stopAt: "f", wrapped: true), Pass(null) },
    };

    [Theory]
    [MemberData(nameof(Restarts))]
    public void A_change_while_a_pass_is_under_way_restarts_it_from_where_it_is(string because, RulesPass pass, RulesPass expected)
        => Assert.True(expected == pass.Restarted(), because);

    [Fact]
    public void Five_restarts_in_a_row_render_each_page_at_most_twice()
    {
        string[] ids = ["a", "b", "c", "d", "e", "f", "g", "h"];
        var rendered = ids.ToDictionary(id => id, _ => 0);
        RulesPass? pass = RulesPass.Start("owner", Now);
        var changes = 4; // after the first, one more change arrives with each batch of two
        while (pass is not null)
        {
            var batch = ids.Where(id => pass.Cursor is null || string.CompareOrdinal(id, pass.Cursor) > 0).Take(2).ToList();
            batch.ForEach(id => rendered[id]++);
            var next = batch.Count == 2 && batch[^1] != ids[^1] ? batch[^1] : null;
            pass = pass.Advanced(next, Now);
            if (pass is not null && changes-- > 0)
            {
                pass = pass.Restarted();
            }
        }

        Assert.All(rendered, page => Assert.InRange(page.Value, 1, 2));
    }
}
