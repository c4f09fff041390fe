using AngleSharp.Dom;
using Microsoft.Extensions.DependencyInjection;
using Bunit;
using MudBlazor;
using MudBlazor.Extensions;
using TikTokStudio.Tests.Infrastructure;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using static TikTokStudio.Tests.Features.Posts.Compose.ComposerBuilder;

namespace TikTokStudio.Tests.Features.Posts.Compose;

/// <summary>What the composer shows for each rule of TikTok's Direct Post UX guidelines (tiktok-api.md §13), on the circuit.</summary>
public sealed class ComposerFormTests : StudioComponentTest
{
    private IRenderedComponent<ComposerHarness> RenderComposer(ComposeInput input, ComposeContext context, bool showErrors = false, bool canCompose = true,
        Func<ComposeInput, Task<bool>>? submit = null) =>
        Render<ComposerHarness>(p => p
            .Add(x => x.Model, new ComposerModel { Input = input, Verdict = ComposeRules.Evaluate(input, context), Context = context, ShowErrors = showErrors, CanCompose = canCompose })
            .Add(x => x.Submit, submit));

    private static ComposerModel ModelOf(IRenderedComponent<ComposerHarness> cut) => cut.FindComponent<ComposerForm>().Instance.Model;

    private static IElement Target(IRenderedComponent<ComposerHarness> cut, TikTokAccount account) => cut.Find($"[data-testid=target][data-account='{account.Id}']");

    private static IElement CheckBox(IRenderedComponent<ComposerHarness> cut, string label, IElement? within = null) =>
        (within?.QuerySelectorAll("label") ?? cut.FindAll("label").AsEnumerable())
            .First(l => Normalize(l.TextContent).StartsWith(label, StringComparison.Ordinal))
            .QuerySelector("input[type=checkbox]")!;

    private static IReadOnlyList<IElement> OpenPrivacy(IRenderedComponent<ComposerHarness> cut, TikTokAccount account)
    {
        // The selects render in the order of the cards that have one.
        var withSelect = cut.FindAll("[data-testid=target]").Where(t => t.TextContent.Contains("Who can see this post")).Select(t => t.GetAttribute("data-account")).ToList();
        var select = cut.FindComponents<MudSelect<string>>()[withSelect.IndexOf(account.Id.ToString())];
        cut.InvokeAsync(() => select.Instance.OpenMenu()).GetAwaiter().GetResult();
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll(".mud-popover-open .mud-list-item")));
        return cut.FindAll(".mud-popover-open .mud-list-item");
    }

    private static IElement Button(IRenderedComponent<ComposerHarness> cut, string testId) => cut.Find($"button[data-testid={testId}]");

    [Fact]
    public void Privacy_Lists_Only_The_Creators_Options_With_No_Default()
    {
        var account = PrivateCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        var select = cut.FindComponent<MudSelect<string>>();
        Assert.Null(select.Instance.GetState(x => x.Value));
        Assert.Equal("Choose who can see this post", select.Instance.Placeholder);
        Assert.Equal(["Followers", "Friends", "Only me"], OpenPrivacy(cut, account).Select(i => Normalize(i.TextContent)));
    }

    [Fact]
    public void Choosing_A_Privacy_Level_Sets_It_For_That_Account_Only()
    {
        var first = PublicCreator();
        var second = PrivateCreator();
        var video = Video();
        var cut = RenderComposer(VideoTo(video, To(first), To(second)), Context([first, second], [video]));

        OpenPrivacy(cut, first).Single(i => Normalize(i.TextContent) == "Friends").Click();

        cut.WaitForAssertion(() => Assert.Equal("MUTUAL_FOLLOW_FRIENDS", ModelOf(cut).Input.TargetFor(first.Id)!.Privacy));
        Assert.Null(ModelOf(cut).Input.TargetFor(second.Id)!.Privacy);
    }

    [Fact]
    public void Interactions_Start_Unchecked_And_Are_Greyed_With_The_Reason_When_The_Creator_Turned_Them_Off()
    {
        var open = PublicCreator();
        var quiet = QuietCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(open), To(quiet)), Context([open, quiet], [video]));

        foreach (var name in new[] { "comment", "duet", "stitch" })
        {
            var openBox = cut.Find($"[data-testid={name}-{open.Id}] input[type=checkbox]");
            var quietBox = cut.Find($"[data-testid={name}-{quiet.Id}] input[type=checkbox]");
            Assert.False(openBox.HasAttribute("checked") && openBox.GetAttribute("checked") != "false");
            Assert.False(openBox.HasAttribute("disabled"));
            Assert.True(quietBox.HasAttribute("disabled"));
            Assert.Equal("Turned off by the creator on TikTok.", cut.Find($"[data-testid={name}-{quiet.Id}-hint]").TextContent.Trim());
            Assert.Contains("studio-muted", cut.Find($"[data-testid={name}-{quiet.Id}]").ClassList);
        }
        Assert.All(ModelOf(cut).Input.Targets, t => Assert.False(t.AllowComment || t.AllowDuet || t.AllowStitch));
    }

    [Fact]
    public void Photo_Posts_Offer_Only_Allow_Comments()
    {
        var account = PublicCreator();
        var input = new ComposeInput { Kind = PostKind.Photo, Targets = [To(account)] };

        var cut = RenderComposer(input, Context([account]));

        Assert.Single(cut.FindAll($"[data-testid=comment-{account.Id}]"));
        Assert.Empty(cut.FindAll($"[data-testid=duet-{account.Id}]"));
        Assert.Empty(cut.FindAll($"[data-testid=stitch-{account.Id}]"));
    }

    [Fact]
    public void Disclosure_Is_Off_By_Default_And_Turning_It_On_Offers_Your_Brand_And_Branded_Content_With_Their_Prompts()
    {
        var account = PublicCreator();
        var video = Video();
        var cut = RenderComposer(VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")), Context([account], [video]));
        Assert.Empty(cut.FindAll("[data-testid=your-brand]"));

        CheckBox(cut, "Content disclosure setting").Change(true);
        CheckBox(cut, "Your brand").Change(true);

        cut.WaitForAssertion(() => Assert.Equal("Your video will be labeled as 'Promotional content'.", cut.Find("[data-testid=disclosure-label]").TextContent.Trim()));
        CheckBox(cut, "Branded content").Change(true);
        cut.WaitForAssertion(() => Assert.Equal("Your video will be labeled as 'Paid partnership'.", cut.Find("[data-testid=disclosure-label]").TextContent.Trim()));
    }

    [Fact]
    public void Disclosure_On_With_Nothing_Chosen_Disables_Posting_And_Says_Why_Visibly()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true };

        var cut = RenderComposer(input, Context([account], [video]));

        Assert.True(Button(cut, "schedule-button").HasAttribute("disabled"));
        Assert.True(Button(cut, "now-button").HasAttribute("disabled"));
        Assert.Equal(ComposeRules.DisclosureChoiceMessage, cut.Find("[data-testid=publish-blocked]").TextContent.Trim());
        Assert.All(cut.FindComponents<MudTooltip>().Where(t => t.Instance.Text == ComposeRules.DisclosureChoiceMessage), t => Assert.False(t.Instance.Disabled));
        Assert.Equal(2, cut.FindComponents<MudTooltip>().Count(t => t.Instance.Text == ComposeRules.DisclosureChoiceMessage));
        Assert.False(Button(cut, "draft-button").HasAttribute("disabled"));
    }

    [Theory]
    [InlineData(false, false, false, "By posting, you agree to TikTok's Music Usage Confirmation.")]
    [InlineData(true, true, false, "By posting, you agree to TikTok's Music Usage Confirmation.")]
    [InlineData(true, false, true, "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.")]
    [InlineData(true, true, true, "By posting, you agree to TikTok's Branded Content Policy and Music Usage Confirmation.")]
    public void The_Consent_Line_Follows_The_Disclosure_Choice(bool disclosure, bool yourBrand, bool branded, string consent)
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = disclosure, YourBrand = yourBrand, BrandedContent = branded };

        var cut = RenderComposer(input, Context([account], [video]));

        Assert.Equal(consent, Normalize(cut.Find("[data-testid=consent]").TextContent));
        Assert.NotNull(cut.Find("[data-testid=consent] a[href*='music-usage-confirmation']"));
        Assert.Equal(branded, cut.FindAll("[data-testid=consent] a[href*='bc-policy']").Count == 1);
        Assert.Contains("TikTok may take a few minutes to process the post", cut.Markup);
    }

    [Fact]
    public void Branded_Content_First_Disables_Only_Me_With_The_Reason()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "PUBLIC_TO_EVERYONE")) with { DisclosureEnabled = true, BrandedContent = true };

        var cut = RenderComposer(input, Context([account], [video]));

        var onlyMe = OpenPrivacy(cut, account).Single(i => Normalize(i.TextContent).StartsWith("Only me"));
        Assert.Contains("mud-list-item-disabled", onlyMe.ClassList);
        Assert.Equal("Only me (unavailable: Branded content visibility cannot be set to private.)", Normalize(onlyMe.TextContent));
        Assert.Equal("\"Only me\" is unavailable: Branded content visibility cannot be set to private.", Normalize(cut.Find("[data-testid=self-only-blocked]").TextContent));
        Assert.False(CheckBox(cut, "Branded content").HasAttribute("disabled"));
    }

    [Fact]
    public void Only_Me_First_Disables_Branded_Content_And_Explains()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account, "SELF_ONLY")) with { DisclosureEnabled = true, YourBrand = true };

        var cut = RenderComposer(input, Context([account], [video]));

        Assert.True(CheckBox(cut, "Branded content").HasAttribute("disabled"));
        Assert.Equal(ComposeRules.BrandedBlockedMessage, cut.Find("[data-testid=branded-hint]").TextContent.Trim());
        Assert.DoesNotContain("mud-list-item-disabled", OpenPrivacy(cut, account).Single(i => Normalize(i.TextContent) == "Only me").ClassList);
    }

    [Fact]
    public void The_Caption_Counter_Counts_Utf16_Units_And_Highlights_Hashtags_And_Mentions()
    {
        var account = PublicCreator();
        var video = Video();
        var input = VideoTo(video, To(account)) with { Title = "Morning ☕ with friends 👋 #coffee @pia" };

        var cut = RenderComposer(input, Context([account], [video]));

        Assert.Equal(38, input.Title.Length); // 37 characters, but the waving hand takes 2 UTF-16 units
        Assert.Equal("38 / 2,200", cut.Find("[data-testid=title-counter]").TextContent.Trim());
        Assert.Equal(["#coffee"], cut.FindAll(".phone-preview-caption .hashtag").Select(e => e.TextContent));
        Assert.Equal(["@pia"], cut.FindAll(".phone-preview-caption .mention").Select(e => e.TextContent));
    }

    [Fact]
    public void An_Empty_Caption_Counts_Zero_And_Is_Never_Too_Long()
    {
        var account = PublicCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        Assert.Equal("0 / 2,200", cut.Find("[data-testid=title-counter]").TextContent.Trim());
        Assert.DoesNotContain("Too long", cut.Markup);
    }

    [Fact]
    public void Typing_Past_2200_Units_With_An_Emoji_Says_By_How_Much()
    {
        var account = PublicCreator();
        var video = Video();
        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        cut.Find("#title").Input(new string('a', 2_199) + "👋");

        cut.WaitForAssertion(() => Assert.Equal("2,201 / 2,200", cut.Find("[data-testid=title-counter]").TextContent.Trim()));
        Assert.Equal("Too long by 1.", cut.Find("[data-testid=title-too-long]").TextContent.Trim());
        cut.Find("#title").Input(new string('a', 2_198) + "👋");
        cut.WaitForAssertion(() => Assert.Equal("2,200 / 2,200", cut.Find("[data-testid=title-counter]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=title-too-long]"));
    }

    [Fact]
    public void Photo_Posts_Count_The_Title_To_90_And_The_Description_To_4000()
    {
        var account = PublicCreator();
        var input = new ComposeInput { Kind = PostKind.Photo, Targets = [To(account)], Title = new string('t', 89) + "🎉", Description = new string('d', 4_000) };

        var cut = RenderComposer(input, Context([account]));

        Assert.Equal("91 / 90", cut.Find("[data-testid=title-counter]").TextContent.Trim());
        Assert.Equal("Too long by 1.", cut.Find("[data-testid=title-too-long]").TextContent.Trim());
        Assert.Equal("4,000 / 4,000", cut.Find("[data-testid=description-counter]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=description-too-long]"));
    }

    [Fact]
    public void Draft_Mode_Accounts_Show_No_Privacy_Choice_But_Explain_The_Inbox()
    {
        var account = UploadOnlyCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        Assert.Empty(cut.FindComponents<MudSelect<string>>());
        Assert.Contains("Sent as a draft to the creator's TikTok inbox", Target(cut, account).TextContent);
    }

    [Fact]
    public void A_Creator_Who_Cannot_Post_Now_Is_Named_With_The_Reason()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video], cannotPost: new() { [account.Id] = "The creator reached today's posting limit." });

        var cut = RenderComposer(VideoTo(video, To(account)), context);

        Assert.Contains("TikTok says this creator cannot post right now: The creator reached today's posting limit.", Normalize(Target(cut, account).TextContent));
    }

    [Fact]
    public void Several_Accounts_Get_One_Card_Each_With_Their_Own_Settings_And_Nickname()
    {
        var first = PublicCreator();
        first.CreatorNickname = "Pia on TikTok";
        var second = QuietCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(first), To(second)), Context([first, second], [video]));

        Assert.NotNull(cut.Find(".studio-target-grid"));
        Assert.Equal(2, cut.FindAll(".studio-target-grid > [data-testid=target]").Count);
        Assert.Equal(2, cut.FindComponents<MudSelect<string>>().Count);
        Assert.Contains("Pia Public (Pia on TikTok) @public_creator", Normalize(Target(cut, first).TextContent));
        Assert.Contains("up to 10 minutes long", Target(cut, second).TextContent);
    }

    [Fact]
    public void Ticking_An_Account_Adds_It_With_No_Privacy_And_Everything_Unchecked()
    {
        var account = PublicCreator();
        var video = Video();
        var cut = RenderComposer(VideoTo(video), Context([account], [video]));

        CheckBox(cut, "Pia Public", Target(cut, account)).Change(true);

        cut.WaitForAssertion(() => Assert.Equal(new TargetChoice(account.Id, null, false, false, false), Assert.Single(ModelOf(cut).Input.Targets)));
        Assert.Single(cut.FindComponents<MudSelect<string>>());
    }

    [Fact]
    public void Errors_Are_Not_Shouted_Before_The_User_Acts()
    {
        var account = PublicCreator();
        var video = Video();

        var quiet = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        Assert.Empty(quiet.FindAll($"#privacy-{account.Id}-errors"));
        Assert.Empty(quiet.FindAll("[data-testid=errors]"));
    }

    [Fact]
    public void Errors_Are_Shown_After_The_User_Acts_And_Are_Alerts()
    {
        var account = PublicCreator();
        var video = Video();

        var loud = RenderComposer(VideoTo(video, To(account)), Context([account], [video]), showErrors: true);

        var error = loud.Find($"#privacy-{account.Id}-errors");
        Assert.Equal("alert", error.GetAttribute("role"));
        Assert.Contains("Choose who can see this post on @public_creator.", error.TextContent);
        Assert.Contains("This post cannot be saved yet", loud.Find("[data-testid=errors]").TextContent);
    }

    [Fact]
    public void A_Time_Skipped_By_The_Spring_Forward_Jump_Is_Refused_At_Once_In_The_Workspace_Zone()
    {
        var account = PublicCreator();
        var video = Video();
        var cut = RenderComposer(VideoTo(video, To(account, "SELF_ONLY")) with { ScheduleLocal = null }, Context([account], [video]));
        Assert.Contains("Date and time (Europe/Berlin)", cut.Markup);

        cut.Find("input[type=datetime-local]").Change("2027-03-28T02:30");

        cut.WaitForAssertion(() => Assert.Equal("02:30 does not exist on 28 March 2027 in Europe/Berlin: the clocks jump forward. Choose another time.",
            cut.Find("#schedule-errors").TextContent.Trim()));
        cut.Find("input[type=datetime-local]").Change("2027-10-31T02:30");
        cut.WaitForAssertion(() => Assert.Contains(cut.FindAll("[data-testid=warning]"), w => w.TextContent.Contains("happens twice") && w.TextContent.Contains("the post uses the first one")));
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 0, 30, 0, TimeSpan.Zero), ModelOf(cut).Verdict.PublishAt!.Value.ToUniversalTime());
    }

    [Fact]
    public void Re_Posting_The_Same_Media_Warns_And_Asks_For_A_Confirmation()
    {
        var account = PublicCreator();
        var video = Video();
        var context = Context([account], [video]) with { AlreadyPosted = new HashSet<(Guid, Guid)> { (account.Id, video.Id) } };

        var cut = RenderComposer(VideoTo(video, To(account, "SELF_ONLY")), context);

        Assert.Contains(cut.FindAll("[data-testid=warning]"), w => w.TextContent.Contains("TikTok's spam checks punish re-posting identical media"));
        CheckBox(cut, "Post it again anyway").Change(true);
        cut.WaitForAssertion(() => Assert.True(ModelOf(cut).Verdict.IsValid, string.Join(" ", ModelOf(cut).Verdict.Errors)));
    }

    [Fact]
    public void Viewers_See_Why_They_Cannot_Compose_And_No_Buttons_To_Post()
    {
        var account = PublicCreator();
        var video = Video();

        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]), canCompose: false);

        Assert.Equal("Viewers cannot compose posts. Ask an Owner or Admin for the Editor role.", cut.Find("[data-testid=viewer]").TextContent.Trim());
        Assert.Empty(cut.FindAll("button[data-testid$=-button]"));
        Assert.Empty(cut.FindAll("[data-testid=upload-zone]"));
    }

    [Fact]
    public void Clicking_Schedule_Hands_The_Input_With_The_Action_To_The_Page()
    {
        var account = PublicCreator();
        var video = Video();
        ComposeInput? sent = null;
        var cut = RenderComposer(VideoTo(video, To(account, "SELF_ONLY")), Context([account], [video]), submit: i => { sent = i; return Task.FromResult(true); });

        Button(cut, "schedule-button").Click();
        cut.WaitForAssertion(() => Assert.Equal(ComposeAction.Schedule, sent?.Action));
        Button(cut, "draft-button").Click();
        cut.WaitForAssertion(() => Assert.Equal(ComposeAction.SaveDraft, sent?.Action));
        Assert.Equal(video.Id, sent!.VideoMediaId);
    }

    [Fact]
    public void The_Cover_Frame_Slider_Spans_The_Video_And_Keeps_The_Chosen_Time()
    {
        var account = PublicCreator();
        var video = Video(durationMs: 15_000);
        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        var slider = cut.FindComponent<MudSlider<int>>();
        Assert.Equal((0, 15_000), (slider.Instance.Min, slider.Instance.Max));
        cut.Find("[data-testid=cover-frame] input[type=range]").Input("4200");

        cut.WaitForAssertion(() => Assert.Equal(4_200, ModelOf(cut).Input.VideoCoverTimestampMs));
        Assert.Contains("Cover frame: 4.2 s", cut.Find("[data-testid=cover-frame]").TextContent);
    }

    [Fact]
    public void Leaving_With_Unsaved_Changes_Asks_First_And_Staying_Keeps_The_Page()
    {
        var account = PublicCreator();
        var video = Video();
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));
        var before = navigation.Uri;

        cut.Find("#title").Input("A caption I do not want to lose");
        cut.InvokeAsync(() => navigation.NavigateTo("/app/posts"));

        cut.WaitForAssertion(() => Assert.Contains("Your changes to this post are not saved. Leave and lose them?", cut.Markup));
        cut.FindAll("button").Single(b => b.TextContent.Trim() == "Stay").Click();
        cut.WaitForAssertion(() => Assert.DoesNotContain("Leave and lose them?", cut.Markup));
        Assert.Equal(before, navigation.Uri);
    }

    [Fact]
    public void Leaving_Without_Changes_Does_Not_Ask()
    {
        var account = PublicCreator();
        var video = Video();
        var navigation = Services.GetRequiredService<Microsoft.AspNetCore.Components.NavigationManager>();
        var cut = RenderComposer(VideoTo(video, To(account)), Context([account], [video]));

        cut.InvokeAsync(() => navigation.NavigateTo("/app/posts"));

        cut.WaitForAssertion(() => Assert.EndsWith("/app/posts", navigation.Uri));
        Assert.DoesNotContain("Leave and lose them?", cut.Markup);
    }

    private static string Normalize(string text) => System.Text.RegularExpressions.Regex.Replace(text, @"\s+", " ").Trim();
}
