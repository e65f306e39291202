using System.Globalization;

namespace Hub.Core.Storage;

/// <summary>Row-key fragments that sort by time.</summary>
public static class TimeKeys
{
    /// <summary>Sorts newest first.</summary>
    public static string Inverted(DateTimeOffset time) => (DateTimeOffset.MaxValue.UtcTicks - time.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);
}
