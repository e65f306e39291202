using System.Globalization;
using Hub.Core.Search;
using Microsoft.Extensions.DependencyInjection;

namespace Hub.Cli;

/// <summary>
/// <c>hub search rebuild</c>: the search index made again from every entry in the Resources table
/// and written as the snapshot new instances load (the index is derived state: this is how it is
/// mended, and what to run after changing storage by hand).
/// </summary>
public static class SearchCommand
{
    public static async Task<int> RebuildAsync(IServiceProvider services, TextWriter output, CancellationToken cancellationToken)
    {
        var rebuild = await services.GetRequiredService<EntrySearch>().RebuildAsync(cancellationToken);
        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"Rebuilt the search index: {rebuild.Entries} entries, a snapshot of {rebuild.Bytes / 1024.0:F0} KB, in {rebuild.Took.TotalSeconds:F1} s. Running instances pick up changes as before; new ones load this snapshot."));
        return 0;
    }
}
