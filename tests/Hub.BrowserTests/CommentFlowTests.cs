using Hub.Testing;
using Microsoft.Playwright;

namespace Hub.BrowserTests;

[Collection(BrowserTestGroup.Name)]
public sealed class CommentFlowTests(BrowserHub hub)
{
    private const string Entry = "amazon-rekognition";

    [Fact]
    public async Task A_commenter_posts_a_moderator_approves_and_a_new_reader_sees_the_comment()
    {
        var id = Guid.NewGuid().ToString("N");
        var markdown = $"Cities should **ban** face surveillance ([{id}](https://example.org/{id})).";
        var text = $"Cities should ban face surveillance ({id})."; // as the page shows it

        var commenter = await hub.NewVisitorAsync();
        await BrowserHub.OpenEntryAsync(commenter, Entry);
        await commenter.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync(markdown);
        await commenter.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Joy");
        await commenter.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync($"joy-{Guid.NewGuid():N}@example.org");
        await commenter.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await Assertions.Expect(commenter.GetByRole(AriaRole.Status).Filter(new() { HasText = "awaiting moderation" })).ToBeVisibleAsync();
        var own = commenter.Locator(".comment.awaiting", new() { HasText = text });
        await Assertions.Expect(own).ToContainTextAsync("Your comment is awaiting moderation.");
        await Assertions.Expect(own.Locator(".comment-body strong")).ToHaveTextAsync("ban"); // the API's rendering of its Markdown
        await commenter.ReloadAsync();
        await Assertions.Expect(commenter.Locator(".comment.awaiting", new() { HasText = text })).ToBeVisibleAsync();

        var stranger = await hub.NewVisitorAsync();
        await BrowserHub.OpenEntryAsync(stranger, Entry);
        await Assertions.Expect(stranger.Locator("#comments-heading")).ToBeVisibleAsync();
        await Assertions.Expect(stranger.GetByText(text)).ToHaveCountAsync(0);

        await hub.FinishFollowUpsAsync(); // the post is filed in the queue within seconds, and the console reads it as it opens
        var moderator = await hub.NewVisitorAsync();
        await moderator.GotoAsync("/manage/");
        await moderator.GetByLabel("Moderator secret").FillAsync(hub.ModeratorSecret);
        await moderator.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        var queued = moderator.Locator("#queue > li", new() { HasText = markdown }); // moderators read what was written
        await Assertions.Expect(queued).ToBeVisibleAsync();
        await moderator.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await queued.GetByRole(AriaRole.Button, new() { Name = "Approve" }).ClickAsync();
        await Assertions.Expect(queued).ToHaveCountAsync(0);
        await hub.FinishFollowUpsAsync(); // the approval's page follows within seconds; here, now

        var reader = await hub.NewVisitorAsync();
        await BrowserHub.OpenEntryAsync(reader, Entry);
        var published = reader.Locator(".comment", new() { HasText = text });
        await Assertions.Expect(published).ToBeVisibleAsync();
        await Assertions.Expect(published).ToContainTextAsync("Joy");
        await Assertions.Expect(published).Not.ToContainTextAsync("awaiting moderation");
        await Assertions.Expect(published.Locator(".comment-body strong")).ToHaveTextAsync("ban");
        await Assertions.Expect(published.Locator($".comment-body a[href='https://example.org/{id}']")).ToHaveAttributeAsync("rel", "nofollow ugc noopener");
        Assert.DoesNotContain("@example.org", await reader.ContentAsync(), StringComparison.Ordinal);
        await Assertions.Expect(reader.Locator("h1")).ToHaveTextAsync("Rekognition: facial recognition marketed to law enforcement and ICE");
        Assert.DoesNotContain("null", await reader.Locator("#entry").InnerTextAsync(), StringComparison.Ordinal);
    }

    /// <summary>
    /// A phone loses its network after the comment got through: instead of the answer the page
    /// gets the Functions host's empty 500. The script sends the comment again with the same
    /// Idempotency-Key, the hub answers as it did the first time, and the comment is stored once.
    /// </summary>
    [Fact]
    public async Task A_post_whose_answer_is_lost_is_sent_again_with_the_same_key_and_stored_once()
    {
        var text = $"Sent from a train ({Guid.NewGuid():N}).";
        var page = await hub.NewVisitorAsync();
        var keys = new List<string>();
        await page.RouteAsync("**/api/resources/*/comments", async route =>
        {
            if (route.Request.Method != "POST")
            {
                await route.ContinueAsync();
                return;
            }

            keys.Add(route.Request.Headers["idempotency-key"]);
            var answer = await route.FetchAsync();
            await route.FulfillAsync(keys.Count == 1
                ? new() { Status = 500, Body = "", Headers = new Dictionary<string, string> { ["Access-Control-Allow-Origin"] = hub.SiteAddress.GetLeftPart(UriPartial.Authority) } }
                : new() { Response = answer });
        });
        await BrowserHub.OpenEntryAsync(page, Entry);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true }).FillAsync(text);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Name", Exact = true }).FillAsync("Lin");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync($"lin-{Guid.NewGuid():N}@example.org");

        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await Assertions.Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "awaiting moderation" })).ToBeVisibleAsync();
        Assert.Equal(2, keys.Count);
        Assert.Equal(keys[0], keys[1]);
        await hub.FinishFollowUpsAsync();
        using var maintainer = hub.Maintainer();
        var queue = (await maintainer.GetJsonAsync("/api/manage/comments?status=pending&limit=100"))["items"]!.AsArray();
        Assert.Single(queue, item => (string?)item!["content"] == text);
    }

    [Fact]
    public async Task The_form_shows_what_is_wrong_beside_each_field_before_sending()
    {
        var page = await hub.NewVisitorAsync();
        var requests = new List<string>();
        page.Request += (_, request) => requests.Add(request.Method + " " + request.Url);
        await BrowserHub.OpenEntryAsync(page, Entry);
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Email", Exact = true }).FillAsync("not an address");
        await page.GetByRole(AriaRole.Textbox, new() { Name = "Website", Exact = true }).FillAsync("javascript:alert(1)");

        await page.GetByRole(AriaRole.Button, new() { Name = "Post Comment" }).ClickAsync();

        await Assertions.Expect(page.Locator("#content-error")).ToHaveTextAsync("Please write a comment.");
        await Assertions.Expect(page.Locator("#authorName-error")).ToHaveTextAsync("Please give a name.");
        await Assertions.Expect(page.Locator("#authorEmail-error")).ToContainTextAsync("email address");
        await Assertions.Expect(page.Locator("#authorUrl-error")).ToContainTextAsync("http");
        await Assertions.Expect(page.GetByRole(AriaRole.Textbox, new() { Name = "Comment", Exact = true })).ToBeFocusedAsync();
        Assert.DoesNotContain(requests, request => request.StartsWith("POST", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_reply_is_indented_under_its_parent()
    {
        var parent = await hub.PublishCommentAsync("amazon-federal-authorizations", "Parent comment.");
        using var reader = hub.Reader();
        using var maintainer = hub.Maintainer();
        var reply = (string)(await reader.PostCommentOkAsync("amazon-federal-authorizations", Discussion.Comment("A reply.", parentId: parent)))["id"]!;
        await maintainer.ModerateAsync("amazon-federal-authorizations", reply, "pending", "approved");

        var page = await hub.NewVisitorAsync();
        await BrowserHub.OpenEntryAsync(page, "amazon-federal-authorizations");

        await Assertions.Expect(page.Locator($"#comment-{parent} > ol > #comment-{reply}")).ToBeVisibleAsync();
    }
}
