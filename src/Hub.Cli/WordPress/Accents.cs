using System.Text;

namespace Hub.Cli.WordPress;

/// <summary>
/// Latin letters without their accents, for slugs, as WordPress's <c>remove_accents</c> does it:
/// by a table, because the hub runs in invariant globalization mode, where
/// <see cref="string.Normalize()"/> decomposes nothing.
/// </summary>
public static class Accents
{
    private const string From = "ÀÁÂÃÄÅàáâãäåĀāĂăĄąÇçĆćĈĉĊċČčĎďĐđÈÉÊËèéêëĒēĔĕĖėĘęĚěĜĝĞğĠġĢģĤĥĦħÌÍÎÏìíîïĨĩĪīĬĭĮįİıĴĵĶķĹĺĻļĽľĿŀŁłÑñŃńŅņŇňÒÓÔÕÖØòóôõöøŌōŎŏŐőŔŕŖŗŘřŚśŜŝŞşŠšŢţŤťŦŧÙÚÛÜùúûüŨũŪūŬŭŮůŰűŲųŴŵÝýÿŶŷŸŹźŻżŽž";
    private const string To = "AAAAAAaaaaaaAaAaAaCcCcCcCcCcDdDdEEEEeeeeEeEeEeEeEeGgGgGgGgHhHhIIIIiiiiIiIiIiIiIiJjKkLlLlLlLlLlNnNnNnNnOOOOOOooooooOoOoOoRrRrRrSsSsSsSsTtTtTtUUUUuuuuUuUuUuUuUuUuWwYyyYyYZzZzZz";

    /// <summary>Letters written as two in English (æ, ß, œ, þ …); every other accented letter becomes its base letter (From → To).</summary>
    private static readonly Dictionary<char, string> Pairs = new()
    {
        ['Æ'] = "AE",
        ['æ'] = "ae",
        ['Œ'] = "OE",
        ['œ'] = "oe",
        ['ß'] = "ss",
        ['Þ'] = "TH",
        ['þ'] = "th",
        ['Ð'] = "D",
        ['ð'] = "d",
        ['Ĳ'] = "IJ",
        ['ĳ'] = "ij",
    };

    public static string Remove(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            var at = From.IndexOf(c, StringComparison.Ordinal);
            if (at >= 0)
            {
                plain.Append(To[at]);
            }
            else if (Pairs.TryGetValue(c, out var pair))
            {
                plain.Append(pair);
            }
            else
            {
                plain.Append(c);
            }
        }

        return plain.ToString();
    }
}
