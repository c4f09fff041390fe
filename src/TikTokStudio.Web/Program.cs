using TikTokStudio.Web;

var builder = WebApplication.CreateBuilder(args);
builder.AddStudio();

var app = builder.Build();
app.UseStudio();
app.Run();

public partial class Program;
