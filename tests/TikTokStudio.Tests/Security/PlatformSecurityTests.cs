using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;
using TikTokStudio.Tests.Infrastructure;

namespace TikTokStudio.Tests.Security;

/// <summary>Issue 16, items 3 and 6: the key ring at rest, and the headers every kind of page is served with.</summary>
public sealed class PlatformSecurityTests
{
    [Fact]
    public async Task With_A_Certificate_Configured_The_Key_Ring_On_Disk_Is_Encrypted()
    {
        var folder = Directory.CreateTempSubdirectory("studio-cert-").FullName;
        var pfx = Path.Combine(folder, "keys.pfx");
        using (var rsa = RSA.Create(2048))
        {
            var request = new CertificateRequest("CN=TikTok Studio key ring", rsa, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
            using var certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddYears(1));
            await File.WriteAllBytesAsync(pfx, certificate.Export(X509ContentType.Pfx, "pfx-password"));
        }
        await using var app = new StudioAppFactory(settings: new()
        {
            ["DataProtection:CertificatePath"] = pfx,
            ["DataProtection:CertificatePassword"] = "pfx-password",
        });

        var protector = app.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test");
        var secret = protector.Protect("act.a-tiktok-token");

        var keyFiles = Directory.GetFiles(Path.Combine(app.DataDirectory, "keys"), "key-*.xml");
        Assert.NotEmpty(keyFiles);
        foreach (var file in keyFiles)
        {
            var xml = await File.ReadAllTextAsync(file);
            Assert.Contains("EncryptedXmlDecryptor", xml);
            Assert.DoesNotContain("unencrypted form", xml);
        }
        Assert.Equal("act.a-tiktok-token", protector.Unprotect(secret));
        StudioAppFactory.TryDelete(folder);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/Account/Login")]
    [InlineData("/app")]
    [InlineData("/not-found")]
    public async Task Every_Kind_Of_Page_Carries_The_Security_Headers(string path)
    {
        await using var app = new StudioAppFactory();
        var (user, _) = await app.CreateUserAsync();
        var client = await app.SignInAsync(user.Email!);

        var response = await client.GetAsync(path);

        var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp);
        Assert.DoesNotContain("unsafe-eval", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Contains("object-src 'none'", csp);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("strict-origin-when-cross-origin", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        var html = await response.Content.ReadAsStringAsync();
        Assert.DoesNotMatch("<script(?![^>]*\\ssrc=)[^>]*>", html);
    }
    [Fact]
    public async Task The_Api_Reference_Runs_Its_Inline_Script_Only_By_A_Fresh_Nonce()
    {
        await using var app = new StudioAppFactory();
        var client = app.CreateClient();

        async Task<(string Nonce, HttpResponseMessage Response)> LoadAsync()
        {
            var response = await client.GetAsync("/api/reference/");
            response.EnsureSuccessStatusCode();
            var csp = Assert.Single(response.Headers.GetValues("Content-Security-Policy"));
            var nonce = Assert.Single(System.Text.RegularExpressions.Regex.Matches(csp, "script-src 'self' 'nonce-([^']+)';")).Groups[1].Value;
            var html = await response.Content.ReadAsStringAsync();
            // Every script tag, the inline one included, carries it; nothing else is allowed inline.
            var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script[^>]*>");
            Assert.NotEmpty(scripts);
            Assert.All(scripts, tag => Assert.Equal(nonce,
                System.Net.WebUtility.HtmlDecode(System.Text.RegularExpressions.Regex.Match(tag.Value, "nonce=\"([^\"]+)\"").Groups[1].Value)));
            Assert.DoesNotContain("unsafe-inline", csp.Split(';').Single(d => d.TrimStart().StartsWith("script-src", StringComparison.Ordinal)));
            return (nonce, response);
        }

        var (first, firstResponse) = await LoadAsync();
        var (second, _) = await LoadAsync();
        Assert.NotEqual(first, second);
        Assert.True(firstResponse.Headers.CacheControl?.NoStore);

        // Other pages keep the policy without any nonce.
        var landing = Assert.Single((await client.GetAsync("/")).Headers.GetValues("Content-Security-Policy"));
        Assert.DoesNotContain("nonce-", landing);
    }
}
