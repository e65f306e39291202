using Azure;
using Azure.Data.Tables;

namespace Hub.Site.Publishing;

/// <summary>
/// The site's own row in the Pages table (PartitionKey <c>site</c>, which no unit's key is: theirs
/// all hold a '|'): the render version the site was last fully published at, and the full
/// republish under way, if any (<see cref="SiteRepublish"/>). Every write is conditional on its
/// ETag, so of two instances only one runs a pass.
/// </summary>
public sealed class SiteRow : ITableEntity
{
    public const string Key = "site";

    public string PartitionKey { get; set; } = Key;

    public string RowKey { get; set; } = "";

    public DateTimeOffset? Timestamp { get; set; }

    public ETag ETag { get; set; }

    /// <summary>The render version of the last full republish that finished.</summary>
    public string? Published { get; set; }

    /// <summary>The hash of the asset manifest the last publish of the site's folder wrote.</summary>
    public string? Assets { get; set; }

    /// <summary>The render version the pass under way publishes (null: none under way).</summary>
    public string? Target { get; set; }

    /// <summary>The pass's id: each unit's row records the pass that rendered it last, so a resumed pass renders a unit once.</summary>
    public string? Pass { get; set; }

    /// <summary>Where the pass got to: its phase and the cursor within it.</summary>
    public string? Phase { get; set; }

    public string? Cursor { get; set; }

    /// <summary>The instance running a batch of the pass now, and until when its claim holds.</summary>
    public string? Owner { get; set; }

    public DateTimeOffset? Until { get; set; }

    public SiteRow Copy() => new()
    {
        Published = Published,
        Assets = Assets,
        Target = Target,
        Pass = Pass,
        Phase = Phase,
        Cursor = Cursor,
        Owner = Owner,
        Until = Until,
    };
}
