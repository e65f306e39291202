using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Hub.Core.Search;

/// <summary>
/// How entries' text and readers' queries are cut into terms, the same for both: Unicode words
/// (UAX #29), possessives dropped, lower case, accents folded (<c>café</c> finds <c>cafe</c>),
/// English stop words dropped, then the Porter stemmer (<c>contracts</c>, <c>contracting</c>:
/// <c>contract</c>), with <see cref="ActionNounFilter"/> before it so <c>recognizing</c> finds
/// <c>recognition</c>, which Porter alone keeps apart.
/// </summary>
public sealed class SearchAnalyzer : Analyzer
{
    public const LuceneVersion Version = LuceneVersion.LUCENE_48;

    protected override TokenStreamComponents CreateComponents(string fieldName, TextReader reader)
    {
        var words = new StandardTokenizer(Version, reader);
        TokenStream terms = new StandardFilter(Version, words);
        terms = new EnglishPossessiveFilter(Version, terms);
        terms = new LowerCaseFilter(Version, terms);
        terms = new ASCIIFoldingFilter(terms);
        terms = new StopFilter(Version, terms, EnglishAnalyzer.DefaultStopSet);
        terms = new ActionNounFilter(terms);
        terms = new PorterStemFilter(terms);
        return new TokenStreamComponents(words, terms);
    }
}

/// <summary>
/// Porter stems <c>recognition</c> to <c>recognit</c> but <c>recognize</c> and <c>recognizing</c>
/// to <c>recogn</c> (likewise <c>competition</c>, <c>composition</c>, <c>proposition</c>). For a
/// word ending in <c>-ition(s)</c> with at least six letters before it, this adds the letters
/// before it as a second term at the same place, kept from the stemmer: the verb's stem. The word's
/// own stem stays too, so <c>prohibition</c> still finds <c>prohibit</c>; shorter words
/// (<c>petition</c>, <c>position</c>) are left alone, where the letters before would be another word.
/// </summary>
internal sealed class ActionNounFilter : TokenFilter
{
    private const int MinStem = 6;

    private readonly Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute _term;
    private readonly Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute _position;
    private readonly Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute _keyword;
    private State? _word;
    private string? _stem;

    public ActionNounFilter(TokenStream input)
        : base(input)
    {
        _term = AddAttribute<Lucene.Net.Analysis.TokenAttributes.ICharTermAttribute>();
        _position = AddAttribute<Lucene.Net.Analysis.TokenAttributes.IPositionIncrementAttribute>();
        _keyword = AddAttribute<Lucene.Net.Analysis.TokenAttributes.IKeywordAttribute>();
    }

    public override bool IncrementToken()
    {
        if (_stem is not null)
        {
            RestoreState(_word);
            _term.SetEmpty().Append(_stem);
            _position.PositionIncrement = 0;
            _keyword.IsKeyword = true;
            _stem = null;
            return true;
        }

        if (!m_input.IncrementToken())
        {
            return false;
        }

        var word = _term.ToString();
        var suffix = word.EndsWith("itions", StringComparison.Ordinal) ? 6 : word.EndsWith("ition", StringComparison.Ordinal) ? 5 : 0;
        if (suffix > 0 && word.Length - suffix >= MinStem && !_keyword.IsKeyword)
        {
            _stem = word[..^suffix];
            _word = CaptureState();
        }

        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _stem = null;
        _word = null;
    }
}
