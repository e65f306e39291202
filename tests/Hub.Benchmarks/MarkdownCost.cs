using System.Diagnostics;
using Hub.Site.Rendering;

namespace Hub.Benchmarks;

/// <summary>
/// What rendering Markdown costs (MarkdownText, the one pipeline): typical text and the inputs
/// Markdig handles slowest, at a default comment's length, the longest comment the settings allow
/// and the longest entry body. A comment is rendered for its POST receipt, for the public comments
/// API (kept 10 s) and for its page; an entry body for its page and its lists' feeds.
/// </summary>
internal static class MarkdownCost
{
    private static readonly (string Name, string Piece)[] Inputs =
    [
        ("prose with links and emphasis", "Some *text* with a [link](https://example.org/a) and **more**.\n\n"),
        ("nested brackets [](", "[]("),
        ("unclosed emphasis **a", "**a"),
        ("quotes and lists > - ", "> - "),
        ("backticks `a", "`a"),
    ];

    public static void Run()
    {
        Console.WriteLine($"{"input",-32} {"chars",7} {"entry ms",9} {"comment ms",11}");
        foreach (var length in new[] { 5_000, 32_768 })
        {
            foreach (var (name, piece) in Inputs)
            {
                var text = string.Concat(Enumerable.Repeat(piece, (length / piece.Length) + 1))[..length];
                Console.WriteLine($"{name,-32} {length,7} {Time(() => MarkdownText.Entry(text)),9:F1} {Time(() => MarkdownText.Comment(text)),11:F1}");
            }
        }
    }

    /// <summary>The best of three runs, after one to warm up.</summary>
    private static double Time(Func<string> render)
    {
        render();
        var best = double.MaxValue;
        for (var run = 0; run < 3; run++)
        {
            var clock = Stopwatch.StartNew();
            render();
            best = Math.Min(best, clock.Elapsed.TotalMilliseconds);
        }

        return best;
    }
}
