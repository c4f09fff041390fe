using AngleSharp.Html.Dom;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts.Compose;
using static TikTokStudio.Tests.Features.Posts.Compose.ComposerBuilder;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>What the composer shows for each rule of TikTok's Direct Post UX guidelines (tiktok-api.md §13).</summary>
public sealed class ComposerFormTests
{
    [Fact]
    public async Task Privacy_Lists_Only_The_Creators_Options_With_No_Default()
    {
        var account = PrivateCreator();
        var video = Video();

        var html = await RenderAsync(VideoTo(video, To(account)), Context([account], [video]));

        var select = (IHtmlSelectElement)html.QuerySelector($"#privacy-{account.Id}")!;
        Assert.Equal("", select.Value);
        Assert.Equal("Choose who can see this post", select.SelectedOptions.Single().TextContent);
        Assert.Equal(["", "FOLLOWER_OF_CREATOR", "MUTUAL_FOLLOW_FRIENDS", "SELF_ONLY"], select.Options.Select(o => o.Value));
    }

    [Fact]
    public async Task Interactions_Start_Unchecked_And_Are_Greyed_When_The_Creator_Turned_Them_Off()
    {
        var open = PublicCreator();
        var quiet = QuietCreator();
        var video = Video();

        var html = await RenderAsync(VideoTo(video, To(open), To(quiet)), Context([open, quiet], [video]));

        foreach (var name in new[] { "comment", "duet", "stitch" })
        {
            var openBox = (IHtmlInputElement)html.QuerySelector($"#{name}-{open.Id}")!;
            var quietBox = (IHtmlInputElement)html.QuerySelector($"#{name}-{quiet.Id}")!;
            Assert.False(openBox.IsChecked);
            Assert.False(openBox.IsDisabled);
            Assert.False(quietBox.IsChecked);
            Assert.True(quietBox.IsDisabled);
            Assert.Equal("Turned off by the creator on TikTok.", html.QuerySelector($"#{name}-{quiet.Id}-hint")!.TextContent.Trim());
            Assert.Contains("text-secondary", quietBox.ParentElement!.ClassList);
        }
    }

    [Fact]
    public async Task Photo_Posts_Offer_Only_Allow_Comments()
    {
        var account = PublicCreator();
        var input = new ComposeInput { Kind = Web.Features.Posts.PostKind.Photo, Targets = [To(account)] };

        var html = await RenderAsync(input, Context([account]));

        Assert.NotNull(html.QuerySelector($"#comment-{account.Id}"));
        Assert.Null(html.QuerySelector($"#duet-{account.Id}"));
        Assert.Null(html.QuerySelector($"#stitch-{account.Id}"));
    }

    [Fact]
    public async Task Disclosure_On_With_Nothing_Chosen_Disables_Posting_And_Says_Why()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true };

        var html = await RenderAsync(input, Context([account], [video]));

        var schedule = (IHtmlButtonElement)html.QuerySelector("button[value=schedule]")!;
        var now = (IHtmlButtonElement)html.QuerySelector("button[value=now]")!;
        Assert.True(schedule.IsDisabled);
        Assert.True(now.IsDisabled);
        Assert.Equal(ComposeRules.DisclosureChoiceMessage, schedule.ParentElement!.GetAttribute("title"));
        Assert.Equal(ComposeRules.DisclosureChoiceMessage, html.QuerySelector("[data-testid=publish-blocked]")!.TextContent.Trim());
        Assert.False(((IHtmlButtonElement)html.QuerySelector("button[value=draft]")!).IsDisabled);
    }

    [Theory]
    [InlineData(false, false, false, "By posting, you agree to TikTok's Music Usage Confirmation.")]
    [InlineData(true, true, false, "By posting, you agree to TikTok's Music Usage Confirmation.")]
    [InlineData(true, false, true, "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.")]
    [InlineData(true, true, true, "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.")]
    public async Task The_Consent_Line_Follows_The_Disclosure_Choice(bool disclosure, bool yourBrand, bool branded, string consent)
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = disclosure, YourBrand = yourBrand, BrandedContent = branded };

        var html = await RenderAsync(input, Context([account], [video]));

        Assert.Equal(consent, Normalize(html.QuerySelector("[data-testid=consent]")!.TextContent));
        Assert.NotNull(html.QuerySelector("[data-testid=consent] a[href*='music-usage-confirmation']"));
        Assert.Equal(branded, html.QuerySelector("[data-testid=consent] a[href*='bc-policy']") is not null);
    }

    [Fact]
    public async Task Branded_Content_First_Disables_Only_Me_With_The_Hover_Text()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true, BrandedContent = true };

        var html = await RenderAsync(input, Context([account], [video]));

        var onlyMe = html.QuerySelector($"#privacy-{account.Id} option[value=SELF_ONLY]")!;
        Assert.True(onlyMe.HasAttribute("disabled"));
        Assert.Equal("Branded content visibility cannot be set to private.", onlyMe.GetAttribute("title"));
        Assert.False(((IHtmlInputElement)html.QuerySelector("#brandedContent")!).IsDisabled);
    }

    [Fact]
    public async Task Only_Me_First_Disables_Branded_Content_And_Explains()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "SELF_ONLY")) with { DisclosureEnabled = true, YourBrand = true };

        var html = await RenderAsync(input, Context([account], [video]));

        Assert.True(((IHtmlInputElement)html.QuerySelector("#brandedContent")!).IsDisabled);
        Assert.Equal(ComposeRules.BrandedBlockedMessage, html.QuerySelector("#branded-hint")!.TextContent.Trim());
        Assert.False(html.QuerySelector($"#privacy-{account.Id} option[value=SELF_ONLY]")!.HasAttribute("disabled"));
    }

    [Fact]
    public async Task The_Caption_Counter_Starts_At_The_Utf16_Length()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account)) with { Title = "Morning ☕ with friends 👋 #coffee @pia" };

        var html = await RenderAsync(input, Context([account], [video]));

        var label = html.QuerySelector("label[for=title]")!;
        Assert.Equal($"{input.Title.Length} / 2,200", Normalize(label.QuerySelector("[aria-live]")!.TextContent));
        Assert.Equal(38, input.Title.Length); // 37 characters, but the waving hand takes 2 UTF-16 units
        Assert.Equal(["#coffee"], html.QuerySelectorAll(".phone-preview-caption .hashtag").Select(e => e.TextContent));
        Assert.Equal(["@pia"], html.QuerySelectorAll(".phone-preview-caption .mention").Select(e => e.TextContent));
    }

    [Fact]
    public async Task Draft_Mode_Accounts_Show_No_Privacy_Choice_But_Explain_The_Inbox()
    {
        var account = UploadOnlyCreator();
        var video = Video();

        var html = await RenderAsync(VideoTo(video, To(account)), Context([account], [video]));

        Assert.Null(html.QuerySelector($"#privacy-{account.Id}"));
        Assert.Contains("Sent as a draft to the creator's TikTok inbox", html.QuerySelector($"[data-account='{account.Id}']")!.TextContent);
    }

    [Fact]
    public async Task A_Creator_Who_Cannot_Post_Now_Is_Named_With_The_Reason()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video], cannotPost: new() { [account.Id] = "The creator reached today's posting limit." });

        var html = await RenderAsync(VideoTo(video, To(account)), context);

        Assert.Contains("TikTok says this creator cannot post right now: The creator reached today's posting limit.",
            Normalize(html.QuerySelector($"[data-account='{account.Id}']")!.TextContent));
    }

    [Fact]
    public async Task Errors_Are_Shown_Only_After_The_User_Acts_And_Are_Tied_To_Their_Fields()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account));

        var quiet = await RenderAsync(input, Context([account], [video]));
        var loud = await RenderAsync(input, Context([account], [video]), showErrors: true);

        Assert.Null(quiet.QuerySelector($"#privacy-{account.Id}-errors"));
        var error = loud.QuerySelector($"#privacy-{account.Id}-errors")!;
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains($"privacy-{account.Id}-errors", loud.QuerySelector($"#privacy-{account.Id}")!.GetAttribute("aria-describedby"));
    }

    private static async Task<IHtmlDocument> RenderAsync(ComposeInput input, ComposeContext context, bool showErrors = false) =>
        await ComponentRenderer.RenderAsync<ComposerForm>(parameters: new()
        {
            ["Model"] = new ComposerModel { Input = input, Verdict = ComposeRules.Evaluate(input, context), Context = context, ShowErrors = showErrors },
        });

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
