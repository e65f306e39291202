using System.Net;
using System.Security.Cryptography;
using Hub.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hub.IntegrationTests.SignIn;

/// <summary>
/// The hub checks the ID token a provider returns, not just that one came: a provider of the
/// test's own (<see cref="CraftedIssuer"/>) answers the code exchange with whatever token a row
/// asks for, and only a token signed by the issuer's keys, from the issuer, for the hub's client,
/// with the sign-in's nonce and not expired signs the commenter in.
/// </summary>
public sealed class IdTokenValidationTests(IdTokenValidationTests.Hub hub) : IClassFixture<IdTokenValidationTests.Hub>
{
    public const string ClientId = "hub-crafted";

    public static TheoryData<string, bool> Tokens => new()
    {
        { "good", true },
        { "signed by another key", false },
        { "unsigned", false },
        { "from another issuer", false },
        { "for another client", false },
        { "with another nonce", false },
        { "without a nonce", false },
        { "expired", false },
        { "without a subject", false },
    };

    [Theory]
    [MemberData(nameof(Tokens))]
    public async Task Only_a_valid_ID_token_signs_the_commenter_in(string token, bool signsIn)
    {
        using var browser = SignIns.Stepwise();
        var authorize = await SignIns.RedirectAsync(browser, hub.Start(hub.SiteAddress.ToString(), provider: "crafted"), HttpStatusCode.Found);
        var query = QueryHelpers.ParseQuery(authorize.Query);
        hub.Issuer.Next = (token, (string)query["nonce"]!);

        var back = await SignIns.RedirectAsync(
            browser, new Uri(hub.BaseAddress, $"/api/auth/crafted/callback?code=any&state={Uri.EscapeDataString(query["state"]!)}"), HttpStatusCode.SeeOther);

        Assert.Equal(signsIn ? "signed-in" : "sign-in-failed", back.Fragment.TrimStart('#').Split('=')[0]);
        if (!signsIn)
        {
            Assert.Equal("#sign-in-failed=sign-in-refused", back.Fragment);
        }
    }

    /// <summary>The hub with one more provider: the test's own issuer.</summary>
    public sealed class Hub : HubServer
    {
        public CraftedIssuer Issuer { get; } = new();

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Hub:SignIn:Providers:0:Id"] = "crafted",
            ["Hub:SignIn:Providers:0:Name"] = "Crafted",
            ["Hub:SignIn:Providers:0:Issuer"] = Issuer.Origin,
            ["Hub:SignIn:Providers:0:ClientId"] = ClientId,
            ["Hub:SignIn:Providers:0:ClientSecret"] = "crafted-secret",
        };

        public override async Task InitializeAsync()
        {
            await Issuer.StartAsync();
            await base.InitializeAsync();
        }

        public override async Task DisposeAsync()
        {
            await base.DisposeAsync();
            await Issuer.DisposeAsync();
        }
    }

    /// <summary>An OpenID Connect provider that answers every code with the ID token the test chose.</summary>
    public sealed class CraftedIssuer : IAsyncDisposable
    {
        private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "crafted" };
        private WebApplication? _app;

        public string Origin { get; private set; } = "";

        /// <summary>Which token the next exchange answers with, and the nonce the sign-in sent.</summary>
        public (string Kind, string Nonce) Next { get; set; }

        public async Task StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            _app = builder.Build();
            _app.MapGet("/.well-known/openid-configuration", () => Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = Origin,
                ["authorization_endpoint"] = Origin + "/authorize",
                ["token_endpoint"] = Origin + "/token",
                ["jwks_uri"] = Origin + "/keys",
            }));
            _app.MapGet("/keys", () => Results.Text(
                $"{{\"keys\":[{System.Text.Json.JsonSerializer.Serialize(JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId }))}]}}",
                "application/json"));
            _app.MapPost("/token", () => Results.Json(new Dictionary<string, object> { ["access_token"] = "x", ["token_type"] = "Bearer", ["id_token"] = Token(Next.Kind, Next.Nonce) }));
            await _app.StartAsync();
            Origin = _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        }

        public async ValueTask DisposeAsync()
        {
            if (_app is not null)
            {
                await _app.DisposeAsync();
            }
        }

        private string Token(string kind, string nonce)
        {
            var claims = new Dictionary<string, object> { ["sub"] = "subject-1", ["name"] = "Crafted Person", ["nonce"] = nonce };
            switch (kind)
            {
                case "with another nonce":
                    claims["nonce"] = "another";
                    break;
                case "without a nonce":
                    claims.Remove("nonce");
                    break;
                case "without a subject":
                    claims.Remove("sub");
                    break;
            }

            var now = DateTime.UtcNow;
            return new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
            {
                Issuer = kind == "from another issuer" ? "https://elsewhere.example" : Origin,
                Audience = kind == "for another client" ? "another-client" : ClientId,
                Claims = claims,
                IssuedAt = now.AddHours(-2),
                NotBefore = now.AddHours(-2),
                Expires = kind == "expired" ? now.AddHours(-1) : now.AddMinutes(5),
                SigningCredentials = kind switch
                {
                    "unsigned" => null,
                    "signed by another key" => new SigningCredentials(new RsaSecurityKey(RSA.Create(2048)) { KeyId = "crafted" }, SecurityAlgorithms.RsaSha256),
                    _ => new SigningCredentials(_key, SecurityAlgorithms.RsaSha256),
                },
            });
        }
    }
}
