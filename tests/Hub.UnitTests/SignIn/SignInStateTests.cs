using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using Hub.Functions.Auth;
using Microsoft.IdentityModel.Tokens;

namespace Hub.UnitTests.SignIn;

/// <summary>
/// The sign-in's state travels through the provider sealed: it comes back as it left, nothing
/// else is accepted, it expires, and the provider cannot read the page or the PKCE verifier in it.
/// </summary>
public sealed class SignInStateTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 2, 12, 0, 0, TimeSpan.Zero);
    private static readonly SignInKeys.Pair Keys = NewKeys();
    private static readonly SignInState State = SignInState.Begin("google", "https://hub.example.org/entries/clearview/", "b7Qm3x9ZkP2vL8sT4nR6wY1a");

    [Fact]
    public async Task A_sealed_state_opens_to_what_was_sealed()
        => Assert.Equal(State, await SignInState.OpenAsync(State.Seal(Keys, Now), Keys, Now.AddMinutes(9)));

    [Fact]
    public async Task Each_sign_in_has_its_own_verifier_and_nonce()
    {
        var other = SignInState.Begin(State.Provider, State.ReturnTo, State.Browser);
        Assert.NotEqual(State.Verifier, other.Verifier);
        Assert.NotEqual(State.Nonce, other.Nonce);
        Assert.InRange(State.Verifier.Length, 43, 128); // RFC 7636's bounds
        Assert.Equal(Base64Url.EncodeToString(SHA256.HashData(Encoding.ASCII.GetBytes(State.Verifier))), State.Challenge);
        await Task.CompletedTask;
    }

    public static TheoryData<string, Func<string, string>, TimeSpan> Refused => new()
    {
        { "expired", sealedState => sealedState, SignInState.Lifetime + TimeSpan.FromSeconds(1) },
        { "one character changed", sealedState => sealedState[..^5] + (sealedState[^5] == 'A' ? 'B' : 'A') + sealedState[^4..], TimeSpan.Zero },
        { "sealed by another hub", _ => State.Seal(NewKeys(), Now), TimeSpan.Zero },
        { "not sealed at all", _ => "eyJhbGciOiJub25lIn0.eyJwcm92aWRlciI6Imdvb2dsZSJ9.", TimeSpan.Zero },
        { "garbage", _ => "state", TimeSpan.Zero },
    };

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task Anything_else_is_refused(string why, Func<string, string> change, TimeSpan later)
    {
        Assert.NotNull(why);
        Assert.Null(await SignInState.OpenAsync(change(State.Seal(Keys, Now)), Keys, Now + later));
    }

    [Fact]
    public void The_provider_cannot_read_the_page_or_the_verifier()
    {
        var sealedState = State.Seal(Keys, Now);
        var readable = string.Join('\n', sealedState.Split('.').Select(part => Encoding.Latin1.GetString(Decode(part))));

        Assert.Equal(5, sealedState.Split('.').Length); // a JWE, not a readable JWT
        Assert.DoesNotContain("hub.example.org", readable, StringComparison.Ordinal);
        Assert.DoesNotContain("clearview", readable, StringComparison.Ordinal);
        Assert.DoesNotContain(State.Verifier, sealedState, StringComparison.Ordinal);
    }

    private static byte[] Decode(string part)
    {
        try
        {
            return Base64Url.DecodeFromChars(part);
        }
        catch (FormatException)
        {
            return [];
        }
    }

    private static SignInKeys.Pair NewKeys()
        => new(new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(32)), new SymmetricSecurityKey(RandomNumberGenerator.GetBytes(64)));
}
