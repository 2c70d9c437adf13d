using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace AdvisoryWatch.IntegrationTests.Access;

/// <summary>
/// A self-signed certificate for 127.0.0.1, made once per test run: the sign-in pages are HTTPS
/// only (Secure, <c>__Host-</c> cookies; antiforgery refuses plain HTTP), so tests serve them
/// over real TLS, as a deployment does, and trust exactly this certificate.
/// </summary>
public static class TestCertificate
{
    private const string Password = "test-only";

    private static readonly Lazy<(string Path, string Thumbprint)> Made = new(Make);

    public static string Path => Made.Value.Path;

    /// <summary>Configuration that makes Kestrel serve HTTPS with this certificate.</summary>
    public static Dictionary<string, string?> KestrelSettings => new()
    {
        ["Kestrel:Certificates:Default:Path"] = Path,
        ["Kestrel:Certificates:Default:Password"] = Password,
    };

    /// <summary>A handler that trusts this certificate and no other.</summary>
    public static HttpClientHandler TrustingHandler() => new()
    {
        ServerCertificateCustomValidationCallback = (_, certificate, _, _) =>
            certificate is not null && string.Equals(certificate.Thumbprint, Made.Value.Thumbprint, StringComparison.OrdinalIgnoreCase),
    };

    private static (string, string) Make()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddIpAddress(System.Net.IPAddress.Loopback);
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        var now = DateTimeOffset.FromUnixTimeSeconds(TimeProvider.System.GetUtcNow().ToUnixTimeSeconds());
        using var certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "advisorywatch-tests", $"tls-{Guid.NewGuid():N}.pfx");
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, certificate.Export(X509ContentType.Pfx, Password));
        return (path, certificate.Thumbprint);
    }
}
