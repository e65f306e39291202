using Hub.Core.Search;

namespace Hub.UnitTests.Search;

/// <summary>What a reader's query finds in <see cref="SearchCorpus"/>, best first.</summary>
public sealed class SearchIndexTests : IDisposable
{
    private readonly SearchIndex _index = SearchIndex.Of(SearchCorpus.Entries);

    public static TheoryData<string, string[]> Queries => new()
    {
        // Every word must match, in any field; best first.
        { "amazon ice", ["amazon-ice"] },
        { "palantir ice", ["palantir-ice", "amazon-ice"] },
        { "amazon", ["amazon-ice", "rekognition", "jedi"] },
        // Words deep in a body, as text (Markdown's syntax and link addresses are not words).
        { "deportation", ["amazon-ice"] },
        { "aws.amazon.com", [] },
        // Phrases: the words together, in order.
        { "\"gender shades\"", ["rekognition"] },
        { "gender shades", ["gender-report", "rekognition"] },
        { "\"shades gender\"", [] },
        // Leaving words out.
        { "amazon -ice", ["rekognition", "jedi"] },
        { "ice -palantir", [] },
        { "-contracts", ["rekognition", "cafe-meeting"] },
        // Stemming: other forms of a word, and a verb finds its noun.
        { "recognizing", ["rekognition"] },
        { "contracting", ["jedi", "gender-report", "amazon-ice", "palantir-ice"] },
        { "compete", ["jedi"] },
        // Accents folded, either way round, and case ignored.
        { "cafe", ["cafe-meeting"] },
        { "CAFÉ sao paulo", ["cafe-meeting"] },
        { "naive", ["cafe-meeting"] },
        // Either word; a word's start.
        { "deportation | raids", ["palantir-ice", "amazon-ice"] },
        { "investig*", ["palantir-ice"] },
        // Odd syntax: searched as well as it can be, never refused.
        { "\"gender shades", ["gender-report", "rekognition"] },
        { "amazon AND", ["amazon-ice", "rekognition", "jedi"] },
        { "title:amazon", [] },
        { "((amazon", ["amazon-ice", "rekognition", "jedi"] },
        { "~ ^ [ ] { } : / \\", [] },
        { "ice~ palantir^", ["palantir-ice", "amazon-ice"] },
        { "-", [] },
        { "***", [] },
        // Only stop words, and nothing at all that matches.
        { "the of and", [] },
        { "blockchain", [] },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void A_query_finds_the_entries_a_reader_expects_best_first(string text, string[] expected)
        => Assert.Equal(expected, Ids(_index.Search(new SearchQuery(text))));

    [Fact]
    public void A_long_query_is_cut_to_its_first_words_and_answers()
    {
        var amazons = string.Join(' ', Enumerable.Repeat("amazon", 200));
        Assert.Equal(["amazon-ice", "rekognition", "jedi"], Ids(_index.Search(new SearchQuery(amazons + " zzz"))));
        Assert.Empty(_index.Search(new SearchQuery("zzz " + amazons)).Items);
        Assert.Empty(_index.Search(new SearchQuery(new string('(', 5000) + new string('"', 5000))).Items);
    }

    [Theory]
    [InlineData("ice", "contracts", null, new[] { "palantir-ice", "amazon-ice" })]
    [InlineData("ice", null, "amazon", new[] { "amazon-ice" })]
    [InlineData("amazon", "surveillance", "amazon", new[] { "rekognition" })]
    [InlineData("amazon", "campaigns", null, new string[0])]
    public void Category_and_tag_filters_combine_with_the_text(string text, string? category, string? tag, string[] expected)
        => Assert.Equal(expected, Ids(_index.Search(new SearchQuery(text, category, tag))));

    [Fact]
    public void Counts_per_category_cover_every_match_whatever_category_is_asked_for()
    {
        var page = _index.Search(new SearchQuery("amazon", Category: "surveillance"));
        Assert.Equal(1, page.Total);
        Assert.Equal([new CategoryCount("contracts", 2), new CategoryCount("surveillance", 1)], page.Categories);
    }

    [Fact]
    public void A_title_match_ranks_above_a_summary_match_above_a_body_match()
    {
        using var index = SearchIndex.Of(
        [
            SearchCorpus.Entries[0] with { Id = "in-body", Title = "One", Summary = "Two", Body = "The word lobbying, once." },
            SearchCorpus.Entries[0] with { Id = "in-title", Title = "Lobbying", Summary = "Two", Body = "Three." },
            SearchCorpus.Entries[0] with { Id = "in-summary", Title = "One", Summary = "Lobbying", Body = "Three." },
        ]);
        Assert.Equal(["in-title", "in-summary", "in-body"], Ids(index.Search(new SearchQuery("lobbying"))));
    }

    [Fact]
    public void Pages_follow_each_other_by_cursor_without_repeats()
    {
        var seen = new List<string>();
        SearchCursor? after = null;
        do
        {
            var page = _index.Search(new SearchQuery("contracts", Limit: 2, After: after));
            seen.AddRange(Ids(page));
            after = page.Next is { } next && SearchCursor.TryDecode(next.Encode(), out var decoded) ? decoded : null;
        }
        while (after is not null);

        Assert.Equal(Ids(_index.Search(new SearchQuery("contracts"))), seen);
        Assert.Equal(4, seen.Count);
    }

    [Theory]
    [InlineData("deportation", "The contract The <deportation> machine runs on AWS. Palantir's software sits on top.")]
    [InlineData("\"gender shades\"", "Researchers found it least accurate for darker-skinned women. The <Gender> <Shades> study measured commercial systems. The ACLU test matched 28 members of Congress.")]
    [InlineData("dod", "The Department of Defense's contract, cancelled in 2021.")]
    public void A_hit_carries_where_it_matched_with_the_matched_words_marked(string text, string expected)
    {
        var snippet = _index.Search(new SearchQuery(text)).Items[0].Snippet;
        Assert.Equal(expected, string.Concat(snippet.Parts.Select(part => part.Marked ? $"<{part.Text}>" : part.Text)));
    }

    [Fact]
    public void A_word_deep_in_a_long_body_gets_a_short_passage_around_it()
    {
        var filler = string.Concat(Enumerable.Repeat("Nothing to see in this sentence at all. ", 100));
        using var index = SearchIndex.Of([SearchCorpus.Entries[0] with { Body = filler + "Here the <b>subpoena</b> & its *terms*. " + filler }]);
        var snippet = index.Search(new SearchQuery("subpoena")).Items[0].Snippet;
        Assert.StartsWith("… ", snippet.Text, StringComparison.Ordinal);
        Assert.EndsWith(" …", snippet.Text, StringComparison.Ordinal);
        Assert.InRange(snippet.Text.Length, 20, Snippets.Length + 40);
        Assert.Equal(["subpoena"], snippet.Marked);
        Assert.Contains("Here the <b>", snippet.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_changed_entry_is_found_by_its_new_words_and_a_removed_one_not_at_all()
    {
        _index.Put(SearchCorpus.Entries[5] with { Body = "Now about lobbyists." });
        Assert.Equal(["jedi"], Ids(_index.Search(new SearchQuery("lobbyists"))));
        Assert.Empty(_index.Search(new SearchQuery("competition")).Items);
        _index.Remove("jedi");
        Assert.Empty(_index.Search(new SearchQuery("lobbyists")).Items);
        Assert.Equal(5, _index.Count);
    }

    [Fact]
    public void A_saved_index_loads_with_the_same_results()
    {
        using var saved = new MemoryStream();
        _index.Save(saved);
        saved.Position = 0;
        using var loaded = SearchIndex.Load(saved);
        foreach (var text in new[] { "amazon ice", "\"gender shades\"", "recognizing", "contracts" })
        {
            Assert.Equal(Ids(_index.Search(new SearchQuery(text))), Ids(loaded.Search(new SearchQuery(text))));
        }
    }

    public void Dispose() => _index.Dispose();

    private static string[] Ids(SearchPage page) => [.. page.Items.Select(hit => hit.Entry.Id)];
}
