using TikTokStudio.Web.Account;
using TikTokStudio.Web.Data;
using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TikTokStudio.Tests.Deploy;

/// <summary>
/// deploy/compose.yaml, parsed (anchors and merge keys resolved as Compose does): PostgreSQL, two app instances on it
/// with shared media, and a sticky proxy in front. Docker is not needed to read it.
/// </summary>
public sealed class ComposeFileTests
{
    private static readonly string Root = RepositoryRoot();

    [Fact]
    public void Compose_Runs_PostgreSQL_Two_Instances_And_A_Sticky_Proxy_On_A_Shared_Volume()
    {
        var compose = Load("deploy/compose.yaml");
        var services = Map(compose["services"]);

        var db = Map(services["db"]);
        Assert.StartsWith("postgres:", (string)db["image"]);
        Assert.True(Map(db).ContainsKey("healthcheck"));

        var apps = services.Where(s => Map(s.Value).TryGetValue("environment", out var env) && Map(env).ContainsKey("Database__Provider"))
            .Select(s => (Name: s.Key, Service: Map(s.Value))).ToList();
        Assert.Equal(2, apps.Count);
        foreach (var (name, app) in apps)
        {
            var env = Map(app["environment"]).ToDictionary(e => e.Key, e => (string)e.Value);
            Assert.Equal(DatabaseProvider.Postgres, DatabaseSettings.ParseProvider(env["Database__Provider"]));
            Assert.Contains("Host=db", env["ConnectionStrings__" + DatabaseSettings.ConnectionStringName]);
            Assert.Equal("/media", env["Storage__MediaDirectory"]);
            // Production refuses to start without a valid App:PublicUrl (compose's ${VAR:-default} read as its default).
            Assert.Equal("Production", env["ASPNETCORE_ENVIRONMENT"]);
            Assert.True(env.TryGetValue("App__PublicUrl", out var publicUrl), $"{name} has no App__PublicUrl");
            Assert.Null(AppOptions.Validate(new AppOptions { PublicUrl = WithDefaults(publicUrl) }, isDevelopment: false));
            Assert.Contains("media:/media", List(app["volumes"]));
            Assert.Equal("service_healthy", (string)Map(Map(app["depends_on"])["db"])["condition"]);
            Assert.True(File.Exists(Path.Combine(Root, "deploy", (string)Map(app["build"])["context"], (string)Map(app["build"])["dockerfile"])), name);
        }
        // Both instances are the same image and configuration: one deployment, two nodes.
        Assert.Equal(Map(apps[0].Service["environment"]).OrderBy(e => e.Key), Map(apps[1].Service["environment"]).OrderBy(e => e.Key));

        var volumes = Map(compose["volumes"]);
        Assert.Contains("media", volumes.Keys);
        Assert.Contains("db-data", volumes.Keys);

        var proxy = Map(services["proxy"]);
        var image = (string)proxy["image"];
        Assert.True(image.StartsWith("caddy:") || image.StartsWith("nginx:"), image);
        Assert.Contains(List(proxy["ports"]), p => p.EndsWith(":80"));
        var caddyfile = File.ReadAllText(Path.Combine(Root, "deploy", List(proxy["volumes"]).Single().Split(':')[0]));
        Assert.Contains("lb_policy cookie", caddyfile);
        foreach (var (name, _) in apps) Assert.Contains($"{name}:8080", caddyfile);
    }

    /// <summary>Compose's <c>${NAME:-default}</c> as Compose reads it when NAME is unset.</summary>
    private static string WithDefaults(string value) =>
        System.Text.RegularExpressions.Regex.Replace(value, @"\$\{[A-Za-z_][A-Za-z0-9_]*:-([^}]*)\}", m => m.Groups[1].Value);

    private static Dictionary<object, object> Load(string path)
    {
        using var reader = new StringReader(File.ReadAllText(Path.Combine(Root, path)));
        return new DeserializerBuilder().Build().Deserialize<Dictionary<object, object>>(new MergingParser(new Parser(reader)));
    }

    private static Dictionary<string, object> Map(object node) => node switch
    {
        Dictionary<string, object> done => done,
        IDictionary<object, object> map => map.ToDictionary(e => (string)e.Key, e => e.Value),
        _ => throw new InvalidOperationException($"Expected a mapping, found {node.GetType().Name}."),
    };

    private static List<string> List(object node) => ((IEnumerable<object>)node).Select(o => (string)o).ToList();

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "TikTokStudio.sln"))) folder = folder.Parent;
        return folder?.FullName ?? throw new InvalidOperationException("The repository root was not found.");
    }
}
