using TikTokStudio.Tests.Features.Posts.Compose;
using TikTokStudio.Web.Features.Billing;
using TikTokStudio.Web.Features.Connections;
using TikTokStudio.Web.Features.Media;
using TikTokStudio.Web.Features.Posts;
using TikTokStudio.Web.Features.Posts.Compose;
using TikTokStudio.Web.Features.Posts.Import;
using TikTokStudio.Web.Features.Posts.Publish;

namespace TikTokStudio.Tests.Features.Posts.Import;

/// <summary>
/// Rows judged by the composer's rules and the planned limits, each against the workspace and the rows above it
/// (workspace in Europe/Berlin; "now" is Sunday 22 November 2026, 11:00 there).
/// </summary>
public sealed class ImportCheckerTests
{
    private readonly TikTokAccount pia = ComposerBuilder.PublicCreator();
    private readonly TikTokAccount quinn = ComposerBuilder.QuietCreator();
    private readonly MediaFile clip = ComposerBuilder.Video();
    private readonly MediaFile other = Named(ComposerBuilder.Video(), "other.mp4");

    private static MediaFile Named(MediaFile file, string name)
    {
        file.OriginalFileName = name;
        return file;
    }

    private static ImportRow Row(int number, string publishAt, string account = "@public_creator", string media = "clip.mp4",
        string privacy = "Everyone", string caption = "Hello", string timezone = "", string comment = "") => new()
    {
        Number = number,
        Cells = new(StringComparer.Ordinal)
        {
            [PostsCsv.PublishAt] = publishAt, [PostsCsv.Account] = account, [PostsCsv.Media] = media, [PostsCsv.Privacy] = privacy,
            [PostsCsv.Caption] = caption, [PostsCsv.TimeZone] = timezone, [PostsCsv.AllowComment] = comment,
        },
    };

    private ImportSnapshot Snapshot(IEnumerable<PlannedPost>? planned = null, int? monthCap = null, IEnumerable<TikTokAccount>? accounts = null,
        bool maySchedule = true) => new()
    {
        Compose = ComposerBuilder.Context(accounts ?? [pia, quinn], [clip, other]),
        Planned = (planned ?? []).ToList(),
        Standing = new PlanStanding(new PlanDefinition { Id = "pro", Name = "Pro", Limits = new() { ScheduledPostsPerMonth = monthCap } }, StandingKind.Trial, null, null),
        Publishing = new PublishingOptions(),
        MayCompose = true,
        MaySchedule = maySchedule,
        ComposeRefusal = "Only ... can compose posts.",
        ScheduleRefusal = "Only Editors, Admins and the Owner can schedule or move posts.",
    };

    private static RowCheck One(IReadOnlyList<RowCheck> checks) => Assert.Single(checks);

    [Fact]
    public void A_Valid_Row_Becomes_The_Composers_Input_At_The_Workspaces_Wall_Clock_Time()
    {
        var check = One(ImportChecker.Check([Row(2, "2026-11-23 09:00", caption: "Launch ☕")], Snapshot()));

        Assert.True(check.IsValid, string.Join(" ", check.Problems));
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 8, 0, 0, TimeSpan.Zero), check.PublishAt);
        Assert.Equal(pia.Id, check.AccountId);
        Assert.Equal(PostKind.Video, check.Input!.Kind);
        Assert.Equal(clip.Id, check.Input.VideoMediaId);
        Assert.Equal("Launch ☕", check.Input.Title);
        Assert.Equal("PUBLIC_TO_EVERYONE", check.Input.Targets[0].Privacy);
        Assert.Equal(ComposeAction.Schedule, check.Input.Action);
    }

    [Fact]
    public void An_Empty_Date_Makes_A_Draft_And_A_Time_Zone_Column_Moves_The_Instant()
    {
        var checks = ImportChecker.Check([Row(2, "", privacy: ""), Row(3, "2026-11-23 09:00", timezone: "America/New_York")], Snapshot());

        Assert.True(checks[0].IsValid);
        Assert.Null(checks[0].PublishAt);
        Assert.Equal(ComposeAction.SaveDraft, checks[0].Input!.Action);
        Assert.Equal(new DateTimeOffset(2026, 11, 23, 14, 0, 0, TimeSpan.Zero), checks[1].PublishAt);
    }

    [Fact]
    public void Unknown_Accounts_Media_Zones_Dates_And_Values_Are_Each_Named_On_Their_Cell()
    {
        var row = Row(2, "23/11/2026 9am", account: "@nobody", media: "missing.mp4", privacy: "Public", timezone: "Berlin", comment: "maybe");
        row[PostsCsv.CoverMs] = "1.5s";

        var check = One(ImportChecker.Check([row], Snapshot()));

        Assert.False(check.IsValid);
        Assert.Equal("@nobody is not connected to this workspace. Connected: @public_creator, @quiet_creator.", Assert.Single(check.ProblemsIn(PostsCsv.Account)));
        Assert.Equal("\"missing.mp4\" is not in the media library. Upload it first (names must match exactly), or give an https address.", Assert.Single(check.ProblemsIn(PostsCsv.Media)));
        Assert.StartsWith("\"Berlin\" is not a time zone.", Assert.Single(check.ProblemsIn(PostsCsv.TimeZone)));
        Assert.StartsWith("\"Public\" is not an audience. Use Everyone, Friends, Followers or Only me", Assert.Single(check.ProblemsIn(PostsCsv.Privacy)));
        Assert.StartsWith("\"maybe\" is not yes or no", Assert.Single(check.ProblemsIn(PostsCsv.AllowComment)));
        Assert.StartsWith("\"1.5s\" is not a time in milliseconds", Assert.Single(check.ProblemsIn(PostsCsv.CoverMs)));
        // The zone is unreadable, so the date is not judged in the wrong one.
        Assert.Empty(check.ProblemsIn(PostsCsv.PublishAt));

        var badDate = One(ImportChecker.Check([Row(2, "23/11/2026 9am")], Snapshot()));
        Assert.Equal("\"23/11/2026 9am\" is not a date and time. Write it as yyyy-MM-dd HH:mm (for example 2026-03-14 09:30), or leave it empty for a draft.",
            Assert.Single(badDate.Problems).Message);
    }

    [Fact]
    public void The_Composers_Own_Rules_Judge_Each_Row()
    {
        var checks = ImportChecker.Check(
        [
            Row(2, "2026-11-23 09:00", privacy: ""),
            Row(3, "2026-11-23 10:00", account: "@quiet_creator", comment: "true"),
            Row(4, "2026-11-22 09:00"),
            Row(5, "2026-11-23 11:00", caption: new string('a', 2201)),
        ], Snapshot());

        Assert.Equal("Choose who can see this post on @public_creator.", Assert.Single(checks[0].ProblemsIn(PostsCsv.Privacy)));
        Assert.Equal("@quiet_creator turned comments off on TikTok.", Assert.Single(checks[1].ProblemsIn(PostsCsv.AllowComment)));
        Assert.Equal("That time has passed. Choose a time at least a minute from now.", Assert.Single(checks[2].ProblemsIn(PostsCsv.PublishAt)));
        Assert.StartsWith("The caption is 2,201 characters; TikTok allows 2,200", Assert.Single(checks[3].ProblemsIn(PostsCsv.Caption)));
    }

    [Fact]
    public void A_Time_Skipped_By_The_Clocks_Going_Forward_Is_Refused()
    {
        var check = One(ImportChecker.Check([Row(2, "2027-03-28 02:30")], Snapshot()));

        Assert.Equal("02:30 does not exist on 28 March 2027 in Europe/Berlin: the clocks jump forward. Choose another time.", Assert.Single(check.Problems).Message);
    }

    [Fact]
    public void An_Hour_That_Happens_Twice_Is_Flagged_With_Both_Readings_And_An_Offset_Chooses_One()
    {
        var flagged = One(ImportChecker.Check([Row(2, "2027-10-31 02:30")], Snapshot()));
        var message = Assert.Single(flagged.Problems).Message;
        Assert.Contains("happens twice on 31 October 2027 in Europe/Berlin", message);
        Assert.Contains("2027-10-31 02:30 +02:00, 00:30 UTC", message);
        Assert.Contains("2027-10-31 02:30 +01:00, 01:30 UTC", message);
        Assert.Null(flagged.PublishAt);

        var second = One(ImportChecker.Check([Row(2, "2027-10-31 02:30 +01:00")], Snapshot()));
        Assert.True(second.IsValid, string.Join(" ", second.Problems));
        Assert.Equal(new DateTimeOffset(2027, 10, 31, 1, 30, 0, TimeSpan.Zero), second.PublishAt);

        var wrongOffset = One(ImportChecker.Check([Row(2, "2026-11-23 09:00 +05:00")], Snapshot()));
        Assert.StartsWith("2026-11-23 09:00 +05:00: Europe/Berlin is at +01:00 then, not +05:00.", Assert.Single(wrongOffset.Problems).Message);
    }

    [Fact]
    public void The_Daily_Cap_Counts_The_Workspaces_Posts_And_The_Rows_Above()
    {
        var day = new DateTimeOffset(2026, 11, 24, 6, 0, 0, TimeSpan.Zero);
        var planned = Enumerable.Range(0, 13).Select(i => new PlannedPost(pia.Id, day.AddMinutes(i * 10), PostStatus.Scheduled))
            .Append(new PlannedPost(pia.Id, day.AddMinutes(500), PostStatus.Failed)); // failures use no quota
        var rows = Enumerable.Range(0, 3).Select(i => Row(2 + i, $"2026-11-24 {15 + i}:00", media: i == 0 ? "clip.mp4" : "other.mp4")).ToList();
        rows[2][PostsCsv.Media] = "clip.mp4";

        var checks = ImportChecker.Check(rows, Snapshot(planned), confirmReposts: true);

        Assert.True(checks[0].IsValid);
        Assert.True(checks[1].IsValid);
        Assert.Equal("@public_creator already has 15 posts on Tue 24 Nov 2026 (counting earlier rows of this file); TikTok allows about 15 a day through apps. Move this row to another day.",
            Assert.Single(checks[2].Problems).Message);
    }

    [Fact]
    public void Draft_Mode_Accounts_Are_Held_To_Five_Pending_Inbox_Drafts()
    {
        var uma = ComposerBuilder.UploadOnlyCreator();
        uma.Username = "uma_upload";
        var rows = Enumerable.Range(0, 6).Select(i => Row(2 + i, $"2026-11-24 {10 + i}:00", account: "@uma_upload", privacy: "")).ToList();

        var checks = ImportChecker.Check(rows, Snapshot(accounts: [uma]), confirmReposts: true);

        Assert.All(checks.Take(5), c => Assert.True(c.IsValid, string.Join(" ", c.Problems)));
        Assert.StartsWith("@uma_upload posts as drafts to their TikTok inbox, which holds 5 pending; Tue 24 Nov 2026 already has 5", Assert.Single(checks[5].Problems).Message);
    }

    [Fact]
    public void A_Seventh_Post_In_The_Same_Minute_For_One_Account_Is_Refused()
    {
        var rows = Enumerable.Range(0, 7).Select(i => Row(2 + i, "2026-11-25 12:00")).Append(Row(9, "2026-11-25 12:00", account: "@quiet_creator")).ToList();

        var checks = ImportChecker.Check(rows, Snapshot(), confirmReposts: true);

        Assert.All(checks.Take(6), c => Assert.True(c.IsValid, string.Join(" ", c.Problems)));
        Assert.Equal("@public_creator already has 6 posts at 12:00 that day; TikTok accepts 6 uploads a minute per account. Move this row by a minute or more.",
            Assert.Single(checks[6].Problems).Message);
        Assert.True(checks[7].IsValid, "another account has its own budget");
    }

    [Fact]
    public void The_Plans_Posts_A_Month_Count_This_Months_Posts_And_The_Rows_Above()
    {
        var planned = new[] { new PlannedPost(quinn.Id, new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero), PostStatus.Published) };
        var rows = new[] { Row(2, "2026-11-26 09:00"), Row(3, "2026-11-27 09:00", media: "other.mp4"), Row(4, "2026-12-01 09:00", media: "other.mp4", account: "@quiet_creator", comment: "") };

        var checks = ImportChecker.Check(rows, Snapshot(planned, monthCap: 2));

        Assert.True(checks[0].IsValid);
        Assert.Equal("Pro allows 2 scheduled posts a month; November 2026 already has 2. Upgrade to schedule more.", Assert.Single(checks[1].Problems).Message);
        Assert.True(checks[2].IsValid, "December has its own allowance");
    }

    [Fact]
    public void The_Same_Media_Twice_To_One_Account_Needs_The_Repost_Confirmation()
    {
        var rows = new[] { Row(2, "2026-11-26 09:00"), Row(3, "2026-11-27 09:00") };

        var checks = ImportChecker.Check(rows, Snapshot());

        Assert.True(checks[0].IsValid);
        Assert.StartsWith("This media was already posted or scheduled to this account", Assert.Single(checks[1].ProblemsIn(PostsCsv.Media)));
        Assert.All(ImportChecker.Check(rows, Snapshot(), confirmReposts: true), c => Assert.True(c.IsValid));
    }

    [Fact]
    public void A_Member_Who_May_Not_Schedule_Can_Still_Import_Drafts()
    {
        var checks = ImportChecker.Check([Row(2, "2026-11-26 09:00"), Row(3, "", media: "other.mp4")], Snapshot(maySchedule: false));

        Assert.Equal("Only Editors, Admins and the Owner can schedule or move posts.", Assert.Single(checks[0].Problems).Message);
        Assert.True(checks[1].IsValid);
    }

    [Fact]
    public void Photos_Named_Together_Make_One_Carousel_Whose_Caption_Is_The_Description()
    {
        var one = ComposerBuilder.Photo("a.jpg");
        var two = ComposerBuilder.Photo("b.jpg");
        var snapshot = Snapshot() with { Compose = ComposerBuilder.Context([pia], [clip, one, two]) };
        var row = Row(2, "", media: "a.jpg | b.jpg", caption: "Long description");
        row[PostsCsv.Title] = "Short title";

        var checks = ImportChecker.Check([row, Row(3, "", media: "clip.mp4|a.jpg")], snapshot);
        var check = checks[0];

        Assert.True(check.IsValid, string.Join(" ", check.Problems));
        Assert.Equal(PostKind.Photo, check.Input!.Kind);
        Assert.Equal([one.Id, two.Id], check.Input.PhotoMediaIds);
        Assert.Equal("Short title", check.Input.Title);
        Assert.Equal("Long description", check.Input.Description);
        Assert.Equal("A post has one video, or 1 to 35 photos: a video cannot be mixed with other files.", Assert.Single(checks[1].Problems).Message);
    }
}
