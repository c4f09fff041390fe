// Runs the emulators alone (benchmarks, demos) with the same paths the web app mounts them under.
using TikTokStudio.Emulators;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddStudioEmulators(builder.Configuration);
var app = builder.Build();
app.MapStudioEmulators("/emulators");
app.Run();

public partial class Program;
