using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Logging;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>The person the provider signs in: it asks no password, the test says who is at the keyboard.</summary>
public sealed record StubUser(string Subject, string? Email, params string[] Groups);

/// <summary>
/// A minimal OpenID provider on a loopback port: discovery, a JWKS with an RSA key made here, an
/// authorize endpoint that signs <see cref="User"/> in at once and sends the browser back with a
/// code (by redirect, or by a self-posting form), and a token endpoint that checks the client's
/// secret, the redirect URI and the PKCE verifier before it issues an RS256 id_token with the
/// user's groups. Whatever it refuses is recorded in <see cref="Refusals"/>.
/// </summary>
public sealed class OpenIdProviderStub : IAsyncDisposable
{
    public const string ClientId = "advisorywatch-test";

    /// <summary>Distinctive, so a test can look for it in logs and answers.</summary>
    public const string ClientSecret = "stub-secret-4b1d0c9e7a";

    private const string KeyId = "stub-key-1";
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly WebApplication _app;
    private readonly RSA _key = RSA.Create(2048);
    private readonly ConcurrentDictionary<string, Grant> _codes = new(StringComparer.Ordinal);

    private OpenIdProviderStub(WebApplication app) => _app = app;

    /// <summary>The issuer, also the authority AdvisoryWatch is configured with (no trailing slash).</summary>
    public string Issuer { get; private set; } = "";

    /// <summary>Who signs in at the next authorisation request.</summary>
    public StubUser User { get; set; } = new("nobody", null);

    /// <summary>The claim the groups are sent in: <c>groups</c> like Entra ID's groups, or <c>roles</c> for app roles.</summary>
    public string GroupClaim { get; set; } = "groups";

    /// <summary>When set, the next code is stored against a different PKCE challenge, as if an attacker had swapped it.</summary>
    public bool SwapNextChallenge { get; set; }

    public ConcurrentQueue<string> Refusals { get; } = new();

    /// <summary>The query of every authorisation request.</summary>
    public ConcurrentQueue<IReadOnlyDictionary<string, string>> AuthorizeRequests { get; } = new();

    public int TokensIssued => _tokensIssued;

    private int _tokensIssued;

    public static async Task<OpenIdProviderStub> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var stub = new OpenIdProviderStub(app);
        app.MapGet("/.well-known/openid-configuration", stub.Discovery);
        app.MapGet("/jwks", stub.Jwks);
        app.MapGet("/authorize", stub.AuthorizeAsync);
        app.MapPost("/token", stub.TokenAsync);
        await app.StartAsync();
        stub.Issuer = app.Urls.First().TrimEnd('/');
        return stub;
    }

    private IResult Discovery() => Results.Json(new Dictionary<string, object>
    {
        ["issuer"] = Issuer,
        ["authorization_endpoint"] = Issuer + "/authorize",
        ["token_endpoint"] = Issuer + "/token",
        ["jwks_uri"] = Issuer + "/jwks",
        ["response_types_supported"] = new[] { "code" },
        ["response_modes_supported"] = new[] { "query", "form_post" },
        ["subject_types_supported"] = new[] { "public" },
        ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
        ["code_challenge_methods_supported"] = new[] { "S256" },
        ["token_endpoint_auth_methods_supported"] = new[] { "client_secret_post", "client_secret_basic" },
        ["scopes_supported"] = new[] { "openid", "profile", "email" },
    });

    private IResult Jwks()
    {
        var p = _key.ExportParameters(includePrivateParameters: false);
        return Results.Json(new
        {
            keys = new[]
            {
                new Dictionary<string, string>
                {
                    ["kty"] = "RSA",
                    ["use"] = "sig",
                    ["alg"] = "RS256",
                    ["kid"] = KeyId,
                    ["n"] = WebEncoders.Base64UrlEncode(p.Modulus!),
                    ["e"] = WebEncoders.Base64UrlEncode(p.Exponent!),
                },
            },
        });
    }

    private async Task AuthorizeAsync(HttpContext context)
    {
        var q = context.Request.Query.ToDictionary(kv => kv.Key, kv => kv.Value.ToString(), StringComparer.Ordinal);
        AuthorizeRequests.Enqueue(q);
        string Get(string name) => q.TryGetValue(name, out var v) ? v : "";
        var problem =
            Get("client_id") != ClientId ? "unknown client_id"
            : Get("response_type") != "code" ? "response_type is not code"
            : !Get("scope").Split(' ').Contains("openid") ? "scope lacks openid"
            : Get("code_challenge_method") != "S256" || Get("code_challenge").Length < 43 ? "no S256 PKCE challenge"
            : Get("state").Length == 0 ? "no state"
            : Get("nonce").Length == 0 ? "no nonce"
            : !Uri.TryCreate(Get("redirect_uri"), UriKind.Absolute, out _) ? "no redirect_uri"
            : null;
        if (problem is not null)
        {
            Refusals.Enqueue("authorize: " + problem);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(problem);
            return;
        }

        var code = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24));
        var challenge = Get("code_challenge");
        if (SwapNextChallenge)
        {
            SwapNextChallenge = false;
            challenge = Challenge("a-verifier-the-client-never-made-0123456789abcdef");
        }

        _codes[code] = new Grant(User, Get("nonce"), challenge, Get("redirect_uri"));
        var answer = new Dictionary<string, string?> { ["code"] = code, ["state"] = Get("state"), ["iss"] = Issuer };
        if (Get("response_mode") == "form_post")
        {
            var html = HtmlEncoder.Default;
            var fields = string.Concat(answer.Select(kv => $"<input type=\"hidden\" name=\"{html.Encode(kv.Key)}\" value=\"{html.Encode(kv.Value!)}\">"));
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(
                $"<!doctype html><html><body onload=\"document.forms[0].submit()\"><form method=\"post\" action=\"{html.Encode(Get("redirect_uri"))}\">{fields}</form></body></html>");
            return;
        }

        context.Response.Redirect(QueryHelpers.AddQueryString(Get("redirect_uri"), answer));
    }

    private async Task TokenAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var (clientId, secret) = ClientCredentials(context.Request, form);
        string? problem = null;
        Grant? grant = null;
        if (form["grant_type"] != "authorization_code")
        {
            problem = "grant_type is not authorization_code";
        }
        else if (clientId != ClientId || secret != ClientSecret)
        {
            problem = "wrong client credentials";
        }
        else if (!_codes.TryRemove(form["code"].ToString(), out grant))
        {
            problem = "unknown or used code";
        }
        else if (form["redirect_uri"] != grant.RedirectUri)
        {
            problem = "redirect_uri differs from the authorisation request's";
        }
        else if (Challenge(form["code_verifier"].ToString()) != grant.Challenge)
        {
            problem = "code_verifier does not match the code_challenge";
        }

        if (problem is not null || grant is null)
        {
            Refusals.Enqueue("token: " + problem);
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = "invalid_grant", ["error_description"] = problem ?? "" });
            return;
        }

        Interlocked.Increment(ref _tokensIssued);
        await context.Response.WriteAsJsonAsync(new Dictionary<string, object>
        {
            ["access_token"] = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(24)),
            ["token_type"] = "Bearer",
            ["expires_in"] = 3600,
            ["id_token"] = IdToken(grant),
        });
    }

    private static (string? ClientId, string? Secret) ClientCredentials(HttpRequest request, IFormCollection form)
    {
        var header = request.Headers.Authorization.ToString();
        if (header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase))
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header[6..])).Split(':', 2);
            return (WebUtility.UrlDecode(pair[0]), WebUtility.UrlDecode(pair[1]));
        }

        return (form["client_id"], form["client_secret"]);
    }

    private static string Challenge(string verifier) => WebEncoders.Base64UrlEncode(SHA256.HashData(Encoding.ASCII.GetBytes(verifier)));

    private string IdToken(Grant grant)
    {
        var now = TimeProvider.System.GetUtcNow().ToUnixTimeSeconds();
        var payload = new Dictionary<string, object>
        {
            ["iss"] = Issuer,
            ["sub"] = grant.User.Subject,
            ["aud"] = ClientId,
            ["iat"] = now,
            ["nbf"] = now,
            ["exp"] = now + 600,
            ["nonce"] = grant.Nonce,
            ["name"] = grant.User.Subject,
            [GroupClaim] = grant.User.Groups,
        };
        if (grant.User.Email is { } email)
        {
            payload["preferred_username"] = email;
        }

        var header = new Dictionary<string, string> { ["alg"] = "RS256", ["typ"] = "JWT", ["kid"] = KeyId };
        var signed = WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(header, Json)) + "." + WebEncoders.Base64UrlEncode(JsonSerializer.SerializeToUtf8Bytes(payload, Json));
        var signature = _key.SignData(Encoding.ASCII.GetBytes(signed), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return signed + "." + WebEncoders.Base64UrlEncode(signature);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _key.Dispose();
    }

    private sealed record Grant(StubUser User, string Nonce, string Challenge, string RedirectUri);
}
