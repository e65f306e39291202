using Hub.Core.FollowUps;
using Hub.Core.Storage;

namespace Hub.UnitTests.FollowUps;

/// <summary>The follow-up queue's messages: a start message names its safety message, a safety message names none, and anything else is not one.</summary>
public sealed class FollowUpMessageTests
{
    private static readonly FollowUpAddress Address = new(HubTables.Comments, "an-entry", "0639322909660929442" + "52596772");

    public static TheoryData<string, SafetyMessage?> Messages => new()
    {
        { "a safety message", null },
        { "a start message", new SafetyMessage("6f0e2d4c-7a43-4f0b-9b7e-0c1d2e3f4a5b", "AgAAAAMAAAAAAAAA5Q1b7xxy2wE=") },
    };

    [Theory]
    [MemberData(nameof(Messages))]
    public void Each_message_round_trips_with_its_address_and_its_safety_message(string because, SafetyMessage? safety)
    {
        Assert.True(FollowUpMessage.TryParse(FollowUpMessage.For(Address, safety).ToText(), out var read), because);
        Assert.Equal(Address, read.Address);
        Assert.Equal(safety, read.Safety);
    }

    [Theory]
    [InlineData("""{"table":"Comments","partition":"an-entry","id":"063932290966092944252596772"}""", true)] // as a build before safety messages sent it: handled as a safety message
    [InlineData("""{"table":"Comments","partition":"an-entry","id":"063932290966092944252596772","safety":{"id":"","receipt":"r"}}""", false)]
    [InlineData("""{"table":"Comments","partition":"an-entry","id":"063932290966092944252596772","safety":{"id":"m"}}""", false)]
    [InlineData("""{"table":"Pages","partition":"an-entry","id":"063932290966092944252596772"}""", false)]
    [InlineData("""{"table":"Comments","partition":"","id":"063932290966092944252596772"}""", false)]
    [InlineData("""{"table":"Comments","partition":"an-entry","id":"not-an-id"}""", false)]
    [InlineData("""{"table":"Comments","table":"Resources","partition":"an-entry","id":"063932290966092944252596772"}""", false)]
    [InlineData("not json", false)]
    public void Only_a_message_naming_a_follow_up_the_outbox_makes_is_read(string text, bool read)
    {
        Assert.Equal(read, FollowUpMessage.TryParse(text, out var message));
        Assert.Equal(read, message?.Safety is null && message is not null);
    }
}
