using TikTokStudio.Web;

// The container's HEALTHCHECK runs the app's own binary in this mode (the runtime image has no curl).
if (args is ["--healthcheck", ..])
{
    return await HealthProbe.RunAsync(args.Length > 1 ? args[1] : "http://127.0.0.1:8080/healthz");
}

var builder = WebApplication.CreateBuilder(args);
builder.AddStudio();

var app = builder.Build();
app.UseStudio();
app.Run();
return 0;

public partial class Program;
