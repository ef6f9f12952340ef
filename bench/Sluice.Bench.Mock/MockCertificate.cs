using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Sluice.Bench.Mock;

/// <summary>The TLS listener's self-signed certificate, made at start so no key ever lives in the repository.</summary>
public static class MockCertificate
{
    /// <summary>
    /// A P-256 certificate for <c>localhost</c> and <c>127.0.0.1</c>, valid for a week. It is its own issuer, so a client
    /// that lists it as a trusted root (for example through <c>SSL_CERT_FILE</c>) verifies it like any real server's.
    /// </summary>
    public static X509Certificate2 Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddDays(-1), now.AddDays(7));
    }

    /// <summary>Writes the certificate (never the key) as PEM, for the client's trust store.</summary>
    public static void WritePem(X509Certificate2 certificate, string path) =>
        File.WriteAllText(path, certificate.ExportCertificatePem() + "\n");
}
