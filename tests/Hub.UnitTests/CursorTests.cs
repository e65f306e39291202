using Hub.Core.Entries;
using Hub.Core.Paging;

namespace Hub.UnitTests;

public sealed class CursorTests
{
    [Fact]
    public void A_cursor_round_trips_and_is_url_safe()
    {
        var position = "79979785|amazon-rekognition";
        var cursor = Cursor.Encode(position);

        Assert.Matches("^[A-Za-z0-9_-]+$", cursor);
        Assert.True(EntryCursor.TryDecode(cursor, out var decoded));
        Assert.Equal(position, decoded);
    }

    [Theory]
    [InlineData("")]
    [InlineData("!!!")]
    [InlineData("bm90IGEga2V5")]
    [InlineData("ZW50cnl8YW1hem9u")]
    [InlineData("YnlkYXRlfDc5OTc5Nzg1fGFtYXpvbg")] // an old-style key with its list prefix
    public void Anything_the_api_did_not_hand_out_is_refused(string cursor)
        => Assert.False(EntryCursor.TryDecode(cursor, out _));
}
