using Hub.Core.Entries;

namespace Hub.UnitTests.Search;

/// <summary>A small fixed set of entries the search tables are written against (ids say what each is about).</summary>
internal static class SearchCorpus
{
    public static readonly IReadOnlyList<Entry> Entries =
    [
        Make("amazon-ice", "Amazon's cloud hosts ICE's case files", "Amazon Web Services runs the data systems of Immigration and Customs Enforcement.",
            "contracts", ["amazon", "ice"], "2024-03-01",
            "## The contract\n\nThe **deportation** machine runs on [AWS](https://aws.amazon.com/). Palantir's software sits on top."),
        Make("rekognition", "Rekognition: facial recognition sold to police", "Amazon markets face matching to law enforcement.",
            "surveillance", ["amazon", "facial-recognition"], "2024-02-01",
            "Researchers found it least accurate for darker-skinned women.\n\n- The Gender Shades study measured commercial systems.\n- The ACLU test matched 28 members of Congress."),
        Make("palantir-ice", "Palantir and ICE", "Palantir builds the case management system ICE uses for raids.",
            "contracts", ["palantir", "ice"], "2024-01-15",
            "Investigative Case Management links records from many agencies. Shades of grey in the contract's wording."),
        Make("gender-report", "Gender and the shades of procurement", "A report on who wins government contracts.",
            "reports", ["procurement"], "2023-11-01",
            "Women-owned businesses win fewer awards. The gender gap is wide; shades of it appear every year."),
        Make("cafe-meeting", "Notes from the café meeting", "Organizers met at a café in São Paulo to plan the campaign.",
            "campaigns", ["organizing"], "2023-06-01",
            "A naïve plan, some said: a boycott of every contractor at once."),
        Make("jedi", "The JEDI cloud contract", "The Department of Defense's contract, cancelled in 2021.",
            "contracts", ["dod"], null,
            "Microsoft won, Amazon protested, and the contract was cancelled. A competition replaced it."),
    ];

    private static Entry Make(string id, string title, string summary, string category, string[] tags, string? publishedOn, string body)
        => new(id, title, summary, new Uri($"https://example.org/{id}"), "Example Source", publishedOn is null ? null : DateOnly.Parse(publishedOn, System.Globalization.CultureInfo.InvariantCulture),
            category, tags, Featured: false, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, Body: body);
}
