using System.Buffers.Text;
using System.Globalization;
using System.Text;
using CsCheck;

namespace Hub.IntegrationTests.Reliability;

/// <summary>The building blocks of hostile input.</summary>
internal static class Hostile
{
    /// <summary>Pieces of text that have broken software before: control characters, bidi overrides, zero-width and 4-byte characters, lone surrogates, quoting and injection.</summary>
    public static readonly string[] Pieces =
    [
        "\0", "\u0001", "\u0008", "\u001b", "\u007f", "\u0085", "\u009f",
        "\u00a0", "\u2028", "\u2029", "\u202e", "\u202d", "\u2066", "\u2069", "\u200b", "\u200d", "\u2060", "\ufeff",
        "\ufffd", "\uffff", "\ufffe", "\ufdd0",
        "\ud83d\ude00", "\ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67", "\udbff\udfff", "\ud835\udd18",
        "\ud800", "\udbff", "\udc00", "\udfff", "\udc00\ud800",
        "e\u0301", "\u0130", "\u0131", "\u00df", "\u03a9", "\u4e2d\u6587", "\u05e2\u05d1\u05e8\u05d9\u05ea", "\u0645\u0631\u062d\u0628\u0627",
        "'", "\"", "\\", "|", "/", "#", "?", "%", "%00", "%2F", "&", "=", "+", ";", ",", ":", "@", "*", "~", "`", "}", "{",
        "<script>alert(1)</script>", "' or '1'='1", "PartitionKey eq 'x'", "${jndi:ldap://x}", "{{7*7}}", "../", "..\\",
        "\n", "\r\n", "\t", "\v", " ", "  ",
        "a", "Ada", "entry", "0", "-1", "1e309", "null", "true", "[]", "{}", "-",
    ];

    /// <summary>The pieces without control characters: text that passes the hub's field rules, odd as it is.</summary>
    public static readonly string[] PrintablePieces = [.. Pieces.Where(piece => !piece.Any(char.IsControl))];

    public static readonly string[] LinePieces = [.. PrintablePieces, "\n", "\r\n", "\t"];

    /// <summary>The printable pieces without lone surrogates: odd text that valid JSON can carry.</summary>
    public static readonly string[] StorablePieces = [.. PrintablePieces.Where(piece => !HasLoneSurrogate(piece))];

    public static readonly string[] StorableLinePieces = [.. StorablePieces, "\n", "\r\n", "\t"];

    /// <summary>Escapes written raw in a URL: invalid, overlong, truncated or surrogate UTF-8, NUL, separators.</summary>
    private static readonly string[] RawEscapes =
    [
        "%", "%z", "%zz", "%E2%80", "%ED%A0%80", "%ED%B0%80", "%C0%AF", "%C0%80", "%FF", "%FE%FF", "%00", "%0A", "%0D%0A", "%09", "+", "%2B", "%20",
        "%26", "%3D", "%23", "%3F", "%2F", "%5C", "%25", "%252F", "%E2%80%AE", "%E2%80%8B", "%EF%BB%BF", "%F0%9F%98%80", "%F4%90%80%80", "%EF%BF%BF",
    ];

    public static readonly Gen<string> Text = Mix((8, TextOf(Pieces)), (1, Long(Pieces, 40, 3000)));

    public static readonly Gen<string> Printable = Mix((8, TextOf(PrintablePieces)), (1, Long(PrintablePieces, 40, 600)));

    public static readonly Gen<string> Multiline = Mix((8, TextOf(LinePieces)), (1, Long(LinePieces, 40, 1500)));

    /// <summary>Text a valid request may carry: mostly without lone surrogates (which no JSON reader here accepts), sometimes with.</summary>
    public static readonly Gen<string> Storable = Mix((6, TextOf(StorablePieces)), (1, Long(StorablePieces, 40, 600)), (2, Printable));

    public static readonly Gen<string> StorableLines = Mix((6, TextOf(StorableLinePieces)), (1, Long(StorableLinePieces, 40, 1500)), (2, Multiline));

    /// <summary>Printable ASCII only: what an HTTP header can carry.</summary>
    public static readonly Gen<string> AsciiText = Gen.Char[' ', '~'].Array[0, 60].Select(chars => new string(chars));

    /// <summary>How a JSON string is written: 0 every non-ASCII character escaped (lone surrogates as \ud800), 1 raw (lone surrogates as their raw bytes), 2 even control characters raw.</summary>
    public static readonly Gen<int> QuoteMode = Mix((6, Gen.Const(0)), (3, Gen.Const(1)), (1, Gen.Const(2)));

    public static readonly Gen<string> Number = Gen.OneOf(
        "0", "-0", "1", "-1", "1.5", "1e309", "-1e309", "123456789012345678901234567890", "1E+2", "0.0000001", "9223372036854775808", "2147483648",
        "NaN", "Infinity", "01", "+1", ".5", "1.", "0x10", "1_000");

    public static readonly Gen<string> Scalar = Mix((4, Literal(Text)), (2, Number), (1, Gen.OneOf("true", "false", "null")));

    /// <summary>Any JSON value, two levels deep: wrong types wherever it stands.</summary>
    public static readonly Gen<string> AnyJson = Value(2);

    /// <summary>Nesting far past the reader's limit of 64, closed or not.</summary>
    public static readonly Gen<string> Deep = Gen.Select(Gen.Int[2, 5000], Gen.Int[0, 3], (depth, kind) => kind switch
    {
        0 => new string('[', depth) + new string(']', depth),
        1 => string.Concat(Enumerable.Repeat("{\"content\":", depth)) + "1" + new string('}', depth),
        2 => new string('[', depth),
        _ => string.Concat(Enumerable.Repeat("{\"a\":[", depth)),
    });

    public static readonly Gen<string?> ContentType = Mix(
        (8, Gen.Const<string?>("application/json")),
        (1, Gen.Const<string?>("application/json; charset=utf-8")),
        (3, Gen.OneOf<string?>(
            null, "", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "application/xml", "application/problem+json",
            "application/vnd.hostile+json", "application/json; charset=utf-16", "application/json; charset=\"", "application/json;;", "APPLICATION/JSON",
            "json", "application/", "/", "*/*", "application/*", "text/json", "application/json, text/plain", "application/jsonx", "application/json\tx")),
        (1, AsciiText.Select(text => (string?)text)));

    public static readonly Gen<bool> Chunked = Mix((4, Gen.Const(false)), (1, Gen.Const(true)));

    public static readonly Gen<string> Limit = Mix(
        (3, Gen.Int[1, 100].Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (4, Gen.OneOf(
            "0", "1", "2", "50", "99", "100", "101", "-1", "-0", "+1", "%2B1", "%201", "1%20", "1.0", "1e2", "1E2", "0x10", "00001", "99999999999",
            "2147483647", "2147483648", "-2147483648", "4294967296", "", "abc", "%D9%A3", "%EF%BC%91", "1%00", "NaN", "Infinity", "null", "1,5", "1_0",
            "%E2%80%AE1", "%E2%80%8B1")),
        (1, Gen.Int.Select(number => number.ToString(CultureInfo.InvariantCulture))),
        (1, UrlText(Text)));

    private static bool HasLoneSurrogate(string text)
        => text.Where((c, i) => char.IsHighSurrogate(c) ? i + 1 == text.Length || !char.IsLowSurrogate(text[i + 1]) : char.IsLowSurrogate(c) && (i == 0 || !char.IsHighSurrogate(text[i - 1]))).Any();

    public static Gen<T> Mix<T>(params (int Weight, Gen<T> Gen)[] choices)
        => Gen.Frequency([.. choices.Select(choice => (choice.Weight, (IGen<T>)choice.Gen))]);

    /// <summary>One value from each generator, in order.</summary>
    public static Gen<string[]> Sequence(IEnumerable<Gen<string>> gens)
        => gens.Aggregate(Gen.Const(Array.Empty<string>()), (all, next) => Gen.Select(all, next, (items, item) => (string[])[.. items, item]));

    public static Gen<string> TextOf(string[] pieces) => Gen.OneOf(pieces).Array[0, 8].Select(parts => string.Concat(parts));

    /// <summary>Exactly so many UTF-16 units of one piece repeated (cut anywhere, even inside a surrogate pair).</summary>
    public static Gen<string> Long(string[] pieces, int minLength, int maxLength)
        => Gen.Select(Gen.OneOf(pieces), Gen.Int[minLength, maxLength], (piece, length) =>
        {
            var text = new StringBuilder(length + piece.Length);
            while (text.Length < length)
            {
                text.Append(piece);
            }

            return text.ToString(0, length);
        });

    /// <summary>A JSON string literal, written in one of the <see cref="QuoteMode"/>s.</summary>
    public static Gen<string> Literal(Gen<string> text) => Gen.Select(text, QuoteMode, Quote);

    public static string Quote(string text, int mode)
    {
        var json = new StringBuilder(text.Length + 2).Append('"');
        foreach (var c in text)
        {
            if (c is '"' or '\\')
            {
                json.Append('\\').Append(c);
            }
            else if (mode == 0 ? c is < ' ' or > '~' : mode == 1 && c < ' ')
            {
                json.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:x4}");
            }
            else
            {
                json.Append(c);
            }
        }

        return json.Append('"').ToString();
    }

    private static Gen<string> Value(int depth)
        => depth == 0
            ? Scalar
            : Mix(
                (5, Scalar),
                (1, Value(depth - 1).Array[0, 4].Select(items => "[" + string.Join(',', items) + "]")),
                (1, Gen.Select(Literal(Text), Value(depth - 1), (key, value) => key + ":" + value).Array[0, 4].Select(members => "{" + string.Join(',', members) + "}")));

    /// <summary>
    /// A JSON object with these members (a value of "" leaves the member out), each key sometimes
    /// escaped or in capitals, sometimes given twice or with an unknown member beside it.
    /// </summary>
    public static Gen<string> Obj(params (string Key, Gen<string> Value)[] members)
    {
        var written = members.Select(member => Gen.Select(
            member.Value,
            Mix((8, Gen.Const(0)), (1, Gen.Const(1)), (1, Gen.Const(2))),
            (value, keyStyle) => value.Length == 0
                ? ""
                : keyStyle switch
                {
                    0 => $"\"{member.Key}\":{value}",
                    1 => $"\"\\u{(int)member.Key[0]:x4}{member.Key[1..]}\":{value}",
                    _ => $"\"{member.Key.ToUpperInvariant()}\":{value}",
                }));
        var again = Gen.Select(Gen.OneOf([.. members.Select(member => member.Key)]), AnyJson, (key, value) => $"\"{key}\":{value}");
        var extra = Mix((6, Gen.Const("")), (1, again), (1, Gen.Select(Literal(Text), AnyJson, (key, value) => key + ":" + value)));
        return Gen.Select(extra, Sequence(written), extra, (first, all, last) => "{" + string.Join(',', new[] { first }.Concat(all).Append(last).Where(item => item.Length > 0)) + "}");
    }

    /// <summary>
    /// A body of the given kind: a plausible one the hub may accept; the route's object with
    /// members of any type, sometimes broken (cut short at any byte, a second document, a BOM,
    /// single quotes, a comment, wrapped in an array); any other JSON; deep nesting; random
    /// bytes; nearly nothing; or a body just under, at and past the size limit.
    /// </summary>
    public static Gen<byte[]> Body(BodyKind kind, Gen<string> plausible, Gen<string> shaped, long maxBytes, string bigMember) => kind switch
    {
        BodyKind.Plausible => plausible.Select(Wtf8),
        BodyKind.MistypedOrBroken => MaybeBroken(shaped),
        BodyKind.AnyOtherJson => AnyJson.Select(Wtf8),
        BodyKind.NestedPastTheLimit => Deep.Select(Wtf8),
        BodyKind.RandomBytes => Gen.Byte.Array[0, 300],
        BodyKind.NearlyNothing => Gen.OneOf("", " ", "null", "{}", "[]", "\"\"", "{", "}", "{\"", "nul", "true", "0").Select(Wtf8),
        BodyKind.AroundTheSizeLimit => Huge(maxBytes, bigMember),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>The route's object, sometimes broken, sometimes cut short at any byte.</summary>
    private static Gen<byte[]> MaybeBroken(Gen<string> shaped)
    {
        var broken = Mix(
            (12, shaped),
            (1, shaped.Select(json => json + ",")),
            (1, shaped.Select(json => json + json)),
            (1, shaped.Select(json => "\ufeff" + json)),
            (1, shaped.Select(json => json.Replace('"', '\''))),
            (1, shaped.Select(json => "/* hostile */" + json)),
            (1, shaped.Select(json => "[" + json + "]")));
        return Gen.Select(broken, Gen.Int[0, 7], Gen.Int[0, 1000], (json, cut, at) =>
        {
            var bytes = Wtf8(json);
            return cut == 0 ? bytes[..(int)((long)bytes.Length * at / 1000)] : bytes;
        });
    }

    /// <summary>A body of one member whose string fills it to just under, at, or well past the limit.</summary>
    private static Gen<byte[]> Huge(long maxBytes, string member)
        => Gen.Select(Gen.Int[-2, 4], Gen.Int[2, 200_000], Gen.OneOf("a", "\u00e9", "\ud83d\ude00", "\\u0000", "\\ud800", "\u202e"), (edge, over, piece) =>
        {
            var length = (int)(edge <= 1 ? maxBytes + edge : maxBytes + over);
            var prefix = Wtf8($"{{\"{member}\":\"");
            var body = new byte[length];
            prefix.CopyTo(body, 0);
            var pieceBytes = Wtf8(piece);
            var at = prefix.Length;
            while (at + pieceBytes.Length <= length - 2)
            {
                pieceBytes.CopyTo(body, at);
                at += pieceBytes.Length;
            }

            body.AsSpan(at, length - 2 - at).Fill((byte)'a');
            body[^2] = (byte)'"';
            body[^1] = (byte)'}';
            return body;
        });

    /// <summary>A cursor: the real one, altered, a near-valid position with hostile parts, random bytes, or anything; URL-encoded.</summary>
    public static Gen<string> CursorOf(string real, Gen<string> positions)
        => Mix(
            (2, Gen.Const(real)),
            (2, Gen.Select(Gen.Int[0, 6], Gen.Int[0, real.Length - 1], Gen.Char['!', '~'], (kind, at, c) => Encode(kind switch
            {
                0 => real[..at],
                1 => real[..at] + c + real[(at + 1)..],
                2 => real[..at] + c + real[at..],
                3 => real + "=",
                4 => real + "==",
                5 => real.Replace('-', '+').Replace('_', '/'),
                _ => real + real,
            }))),
            (4, positions.Select(position => Encode(Base64Url.EncodeToString(Wtf8(position))))),
            (1, Gen.Byte.Array[0, 64].Select(bytes => Base64Url.EncodeToString(bytes))),
            (1, Gen.Int[1020, 1100].Select(length => new string('A', length))),
            (2, UrlText(Text)));

    /// <summary>Text percent-encoded as UTF-8 (lone surrogates as their raw bytes), sometimes with raw escapes of its own.</summary>
    public static Gen<string> UrlText(Gen<string> text)
        => Mix(
            (6, text.Select(Encode)),
            (1, Gen.OneOf(RawEscapes)),
            (1, Gen.Select(text, Gen.OneOf(RawEscapes), (value, raw) => Encode(value) + raw)));

    public static string Encode(string text)
    {
        var encoded = new StringBuilder();
        foreach (var b in Wtf8(text))
        {
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9') or (byte)'-' or (byte)'.' or (byte)'_' or (byte)'~')
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append(CultureInfo.InvariantCulture, $"%{b:X2}");
            }
        }

        return encoded.ToString();
    }

    /// <summary>UTF-8, except that a lone surrogate is written as its own three bytes (WTF-8): bytes no UTF-8 reader should accept.</summary>
    public static byte[] Wtf8(string text)
    {
        var bytes = new List<byte>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            int code = text[i];
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                code = char.ConvertToUtf32(text[i], text[i + 1]);
                i++;
            }

            if (code < 0x80)
            {
                bytes.Add((byte)code);
            }
            else if (code < 0x800)
            {
                bytes.Add((byte)(0xC0 | (code >> 6)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else if (code < 0x10000)
            {
                bytes.Add((byte)(0xE0 | (code >> 12)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
            else
            {
                bytes.Add((byte)(0xF0 | (code >> 18)));
                bytes.Add((byte)(0x80 | ((code >> 12) & 0x3F)));
                bytes.Add((byte)(0x80 | ((code >> 6) & 0x3F)));
                bytes.Add((byte)(0x80 | (code & 0x3F)));
            }
        }

        return [.. bytes];
    }
}
