# galette — English. Every language file has exactly the same message ids.

## Layout
nav-skip = Skip to the content
nav-label = Main navigation
nav-home = Home
nav-policy = Cookie policy
nav-backoffice = Back office
nav-account = My account
nav-login = Sign in
footer-powered = Open-data portal powered by galette
language-label = Language:

## Home
home-title = Home
home-lead = Open data published by this portal, free to explore, download and reuse through its pages and its API.
home-data-title = Datasets
home-data-text = Browse the datasets this portal publishes: search, filter and sort them, download them, or query them through the API.
home-data-rows = { $count } rows
home-cookies-title = Cookies
home-cookies-text = { $count ->
    [one] This site declares { $count } cookie, and sets nothing it does not declare.
   *[other] This site declares { $count } cookies, and sets nothing it does not declare.
}
home-cookies-link = Read the cookie policy
home-account-title = Your account
home-account-text = Sign in to reach your account and, for administrators, the back office.
home-account-signed-in = You are signed in as { $email }.

## Cookie policy
policy-title = Cookie policy
policy-last-update = Last update: { $date }
policy-intro-functioning-and-audience = This portal uses cookies so that it works properly, and it measures its audience to improve its service.
policy-intro-functioning = This site uses cookies so that its services work properly.
policy-what-title = What is a cookie?
policy-what-text = A cookie is a small named piece of data that a website asks your browser to keep. Your browser stores it for a set time and sends it back to that website on each later visit. Cookies serve many ends: keeping you signed in, remembering the contents of a basket, or identifying your browser to follow your visits for statistics or advertising.
policy-types-title = Kinds of cookies, and when your consent is needed
policy-type-necessary-name = Necessary cookies
policy-type-necessary = Set by the site itself, they keep information from one page or visit to the next on the same device: a sign-in, a basket, an interface preference. The service you asked for cannot work without them, so they need no consent.
policy-type-statistics-name = Statistics cookies
policy-type-statistics = They follow what visitors do on a site. When the statistics they feed are anonymous, so that they can never be traced back to a person, no consent is needed; otherwise it is.
policy-type-first-party-name = Other first-party cookies
policy-type-first-party = Set by the site you visit beyond the necessary ones, they may collect personal data, follow your behaviour or serve advertising. They need your consent.
policy-type-third-party-name = Third-party cookies
policy-type-third-party = Set by or for another site (often an advertiser) on the site you visit, they let that other site learn which pages you saw and collect information about you. They need your consent.
policy-used-title = Cookies used on { $site }
category-necessary = Necessary and functionality cookies
category-functionality = Functionality cookies
category-statistics = Statistics cookies
category-marketing = Marketing cookies
policy-consent-needed = These cookies are set only once you have agreed to them.
policy-consent-not-needed = The site cannot work without these cookies; they need no consent.
policy-col-provider = Provider
policy-col-function = Function and location
policy-col-name = Cookie name
policy-col-purpose = Purpose
policy-col-lifetime = Lifetime
policy-wildcard = (every cookie whose name starts this way)
policy-json-link = The same facts, for programs:

## Cookieless audience statistics (policy page section, generated from the site's settings)
stats-notice-title = Audience statistics without cookies
stats-notice-no-cookie = The site counts its visits on its own server, without any cookie, script or storage in your browser. These statistics need no consent and are shown only to the site's administrators.
stats-notice-salt = To tell visitors apart within one day, your address and browser name are hashed with a random key that changes every day at midnight (UTC) and is then deleted. Your address and browser name are never stored, and visits on two different days can never be linked.
stats-notice-stored = What is kept of a page view: the page (without its query string), the referring site's name, the language served, the kind of device and the browser family.
stats-notice-stored-country = What is kept of a page view: the page (without its query string), the referring site's name, the language served, the kind of device, the browser family, and the country the address belongs to (looked up in a table on the server; the address itself is not kept).
stats-notice-gpc-honoured = If your browser sends Global Privacy Control (GPC) or Do Not Track, your visits are not counted at all.
stats-notice-gpc-ignored = Visits are counted even when the browser sends Global Privacy Control (GPC) or Do Not Track, since the statistics identify no one.
stats-notice-staff-excluded = Visits of the site's signed-in administrators are not counted.
stats-notice-staff-counted = Visits of the site's signed-in administrators are counted like any other.
stats-notice-bots = Robots, link previews and prefetches are not counted.
stats-notice-retention = Detailed records are kept { $days ->
        [one] one day
       *[other] { $days } days
    } and lose their daily visitor key when their day ends; totals are kept { $months } months.
party-first = First party
party-third = Third party

## Lifetimes
lifetime-session = Until the browser closes
lifetime-years = { $count ->
    [one] { $count } year
   *[other] { $count } years
}
lifetime-weeks = { $count ->
    [one] { $count } week
   *[other] { $count } weeks
}
lifetime-days = { $count ->
    [one] { $count } day
   *[other] { $count } days
}
lifetime-hours = { $count ->
    [one] { $count } hour
   *[other] { $count } hours
}
lifetime-seconds = { $count ->
    [one] { $count } second
   *[other] { $count } seconds
}

## Sign-in and account
login-title = Sign in
login-email = E-mail address
login-password = Password
login-submit = Sign in
login-error-credentials = The e-mail address or the password is not correct.
login-error-throttled = Too many failed attempts. For your security, signing in is paused for 15 minutes.
account-title = My account
account-signed-in-as = You are signed in as { $email }.
account-admin = You administer this portal.
account-logout = Sign out

## Back office
backoffice-title = Back office
backoffice-slug = Site
backoffice-hostnames = Addresses
backoffice-default-language = Default language
backoffice-registry = Cookie registry
backoffice-col-category = Category
backoffice-col-party = Party
backoffice-col-languages = Translations

## Errors
error-back-home = Back to the home page
error-unknown-portal-title = This portal does not exist
error-unknown-portal-text = No open-data portal is published at this address. Check the address you typed.
error-not-found-title = Page not found
error-not-found-text = There is no page at this address on this portal.
error-method-title = Method not allowed
error-method-text = This address does not accept this kind of request.
error-csrf-title = Security check failed
error-csrf-text = The request was refused because its protection against cross-site request forgery (CSRF) did not check out. Reload the page and try again; if it keeps failing, allow cookies for this site.
error-admins-only-title = Administrators only
error-admins-only-text = The back office is open to the administrators of this portal only.
error-bad-request-title = Bad request
error-bad-request-text = The request could not be understood.
error-too-large-title = Request too large
error-too-large-text = The submitted form is larger than this site accepts.
error-timeout-title = Request timed out
error-timeout-text = The form stopped arriving before it was complete. Check your connection, then send it again.
error-headers-too-large-title = Cookies too large
error-headers-too-large-text = Your browser sent more cookie data than this site accepts. Delete this site's cookies in your browser, then reload the page.
error-unavailable-title = Temporarily unavailable
error-unavailable-text = The portal cannot reach its database right now. Please try again in a moment.
error-slow-title = Query too slow
error-slow-text = This page asked for more work than the portal allows for one request, so it was stopped. Narrow the search or the filters and try again.
error-internal-title = Something went wrong
error-internal-text = The portal failed to answer this request. The problem has been logged: try again later.
error-detail-request = The address or its parameters could not be read: they must be valid UTF-8 once percent-decoded.
error-request-id = If the problem lasts, tell the portal’s team and quote this request id:
error-detail-cookie-encoding = The Cookie header is not valid text.
error-detail-form = The form data could not be read.
error-detail-query = The search or the filters are too long or malformed: shorten them.
error-detail-form-type = The form must be sent as application/x-www-form-urlencoded.
error-detail-form-multipart = The form must be sent as multipart/form-data.

## Consent banner and preference centre
footer-cookie-settings = Cookie settings
banner-title = Your choice about cookies
banner-text = { $site } uses the cookies it needs to work. With your consent, it would also use the optional cookies and content below. Refusing is as easy as accepting, and refusing changes nothing in what you can read or download here.
banner-revision = The cookie policy changed since your last choice, so we ask again.
banner-only-necessary = This site sets only the cookies it needs to work; recording your choice stops this message from coming back.
banner-change-later = You can change your choice at any time with "Cookie settings" at the bottom of every page. Who sets each cookie, and why:
consent-reject-all = Reject all
consent-accept-all = Accept all
consent-customise = Customise
consent-gpc-respected = Your browser's Global Privacy Control signal is respected: marketing stays refused.
category-necessary-short = Necessary
category-functionality-short = Functionality
category-statistics-short = Statistics
category-marketing-short = Marketing
purpose-necessary = Sign-in, security of forms, your language and your cookie choice. The site cannot work without them.
purpose-functionality = Extra features such as embedded maps or the notification feed, which may set their own cookies.
purpose-statistics = Audience measurement that could identify you. (The site's own visit counts use no cookie and need no consent.)
purpose-marketing = Advertising and tracking across sites by third parties.
centre-title = Cookie settings
centre-lead = Choose which optional cookies and content { $site } may use. Necessary cookies are always on.
centre-has-choice = Your current choice is shown below; change it and save whenever you like.
centre-no-choice = You have not made a choice yet: nothing optional is used until you do.
centre-always-on = always on
centre-cookies = Cookies:
centre-integrations = Third-party content:
centre-unused = This site uses nothing of this kind.
centre-save = Save my choice
embed-blocked = { $name } is shown only if you accept { $category } cookies, because it may set its own.
error-detail-consent-action = The form must say reject_all, accept_all or save.
error-detail-consent-category = One of the ticked categories does not exist or cannot be chosen.
policy-revision = Policy revision { $revision }, in force since { $date }.
policy-third-parties-title = Third-party content
policy-third-parties-text = These services from other sites are embedded in some pages. They load, and may set their own cookies on their own domains, only if you accept their category.

## Back office: registry editor, revisions, consent rates
backoffice-revisions = Policy revisions
backoffice-consent-rates = Consent rates
backoffice-saved = Saved as revision { $revision }.
backoffice-saved-reconsent = This change adds or widens an optional cookie, so visitors are asked for their consent again.
backoffice-revision = Revision
backoffice-consent-revision = choices made since revision { $revision } count
backoffice-registry-help = This registry generates the cookie policy and decides which cookies the server lets through. Every change makes a new revision.
backoffice-add-cookie = Add a cookie
backoffice-col-actions = Actions
backoffice-edit = Edit
backoffice-remove = Remove
backoffice-integrations = Third-party content
backoffice-integrations-help = Embedded maps, videos, scripts or pixels from other sites. Each is put in the pages, and its origin allowed, only for visitors who accepted its category.
backoffice-add-integration = Add third-party content
backoffice-col-integration = Name
backoffice-col-kind = Kind
backoffice-col-origins = Origins
backoffice-enforcement = Enforcement
backoffice-enforcement-help = When a page tries to set a cookie that is not declared or not consented to:
backoffice-enforce = remove it (enforce)
backoffice-report-only = let it through and log it (report only)
backoffice-apply = Apply
backoffice-cookie-form = Cookie
backoffice-back = Back to the back office
backoffice-name-help = The exact cookie name, or a prefix ending with * to cover a family of cookies (like _BEAMER*).
backoffice-lifetime-count = Lifetime (number)
backoffice-lifetime-unit = Lifetime (unit)
backoffice-unit-session = until the browser closes
backoffice-unit-seconds = seconds
backoffice-unit-hours = hours
backoffice-unit-days = days
backoffice-unit-weeks = weeks
backoffice-unit-years = years
backoffice-texts-in = Texts in { $language }
backoffice-save = Save
backoffice-integration-form = Third-party content
backoffice-src = Address of the content (https)
backoffice-origins-help = The https origins it loads from, separated by spaces (for example https://player.example.org).
backoffice-description-in = What it is, in { $language }
backoffice-revisions-help = The policy is at revision { $current }; choices made since revision { $consent } are still valid.
backoffice-revision-reconsent = asked visitors to consent again
backoffice-revision-first = The first revision of this site's policy.
backoffice-rates-help = Choices recorded over the last 30 days: { $total }. The share of them that granted each optional category:
backoffice-col-day = Day
backoffice-col-choices = Choices
backoffice-rates-none = No choice was recorded in the last 30 days.

## Dataset explorer
nav-datasets = Datasets
explorer-catalog-title = Datasets
explorer-catalog-entry = { $records } rows, { $fields } fields
explorer-catalog-empty = No dataset is published on this portal yet.
explorer-search = Search the rows
explorer-search-button = Search
explorer-clear = Clear the filters
explorer-filters = Filters
explorer-rows = Rows { $first }–{ $last } of { $total }
explorer-pages = Pages
explorer-previous = ← Previous
explorer-next = Next →
explorer-export = Download these rows:
explorer-chart = Chart a column
explorer-chart-none = No chart
explorer-chart-button = Draw
explorer-chart-caption = Distribution of { $field } over the { $total } rows shown
explorer-chart-nulls = { $count } rows have no value and are not drawn.
explorer-chart-values = The values of the chart
explorer-chart-count = Rows
explorer-chart-outliers = The bars cover the middle 98 % of the values; the outer bars count the rows below { $low } and from { $high } up.

## API keys
apikeys-title = API keys
apikeys-help = A key lets a program read this portal's restricted datasets through the API (header Authorization: Apikey followed by the key). It is shown once, when created; galette keeps only its digest.
apikeys-created = Here is the new key. Copy it now: it will not be shown again.
apikeys-name = Name
apikeys-create = Create a key
apikeys-created-on = Created
apikeys-state = State
apikeys-active = active
apikeys-revoked-on = revoked on { $date }
apikeys-revoke = Revoke
apikeys-error-name = Give the key a name of 1 to 100 characters.
apikeys-quota-title = Quotas
apikeys-quota-help = Calls to the API allowed per window, counted across every server of the portal. Without a key, each client address has its own count; each key, and each signed-in account that is not an administrator, has its own. Administrators are not counted. Past the limit, calls get a 429 until the window ends. 0 means unlimited.
apikeys-quota-per-address = Calls per client address (without a key)
apikeys-quota-per-key = Calls per API key or signed-in account
apikeys-quota-unit = Per
apikeys-quota-unit-minute = minute
apikeys-quota-unit-hour = hour (UTC)
apikeys-quota-unit-day = day (UTC)
apikeys-quota-save = Save the quotas
apikeys-quota-error = A quota must be a whole number of calls, from 0 (unlimited) to 1,000,000,000, per minute, hour or day.

## Datasets (back office)
backoffice-datasets = Datasets
datasets-title = Datasets
datasets-help = Upload a CSV file to publish it as a dataset, or to replace the data of an existing one. The new version appears all at once when the import succeeds; until then, and if it fails, visitors keep seeing the current one.
datasets-none = This portal has no dataset yet.
datasets-col-id = Id
datasets-col-title = Title
datasets-col-rows = Rows
datasets-col-modified = Last modified
datasets-col-visibility = Visibility
datasets-col-links = Links
datasets-public = public
datasets-restricted = restricted
datasets-explore = Explore
datasets-api = API
datasets-imported = Imported { $rows } rows into { $dataset }.
datasets-upload = Upload a CSV file
datasets-field-id = Dataset id
datasets-field-id-help = Lower-case letters, digits, _ and -, starting with a letter or a digit; it appears in addresses and in the API. An existing id replaces that dataset's data.
datasets-field-title = Title (optional)
datasets-field-title-help = Shown in the catalogue. Left empty, an existing dataset keeps its title; a new one is titled with its id.
datasets-field-delimiter = Delimiter
datasets-delimiter-auto = detect it
datasets-delimiter-comma = comma (,)
datasets-delimiter-semicolon = semicolon (;)
datasets-delimiter-tab = tab
datasets-delimiter-pipe = vertical bar (|)
datasets-field-visibility = Who may read it
datasets-visibility-keep = unchanged (anyone, for a new dataset)
datasets-visibility-public = anyone
datasets-visibility-restricted = API keys and signed-in users only
datasets-field-file = CSV file
datasets-field-file-help = UTF-8 or Windows-1252 text, with a header row naming the columns; at most { $limit } MiB. Column types are detected.
datasets-submit = Upload and import
datasets-error-kept = The dataset's current version, if there is one, is unchanged.
datasets-error-id = The dataset id must be 1 to 100 lower-case letters, digits, _ or -, starting with a letter or a digit.
datasets-error-no-file = Choose a CSV file to upload.
datasets-error-title = The title may have at most 200 characters.
datasets-error-form = The form could not be read; reload the page and try again.
datasets-error-too-large = The file is larger than { $limit } MiB, the most this site accepts.
datasets-error-server = The server could not store or read the file; try again in a moment.
datasets-error-disk-full = The database could not store the new version: its disk is full or it is read-only. Ask whoever runs the server to free some space, then upload the file again.
datasets-error-empty = The file is empty: it needs a header row naming the columns.
datasets-error-not-text = The file is not CSV text in UTF-8 or Windows-1252: it looks like a spreadsheet, an archive or UTF-16 text. Save it as "CSV UTF-8" and upload that file.
datasets-error-field-count = Line { $line }, column { $column }: the row has { $found } values where the header names { $expected } columns. A delimiter is probably missing or extra, or a quote is not closed.
datasets-error-malformed = Line { $line }: the row cannot be read ({ $reason }).
datasets-error-bad-value = Line { $line }, column { $column }: "{ $value }" is not a valid { $type } value.
datasets-error-too-many-columns = The file has { $count } columns; at most 1000 are allowed.
datasets-error-column-name = Line 1, column { $column }: the column name has { $chars } characters; at most { $limit } are allowed.
datasets-error-cell-too-large = Line { $line }, column { $column }: the value is { $bytes } bytes long; at most 1 MiB (1048576 bytes) is allowed in one cell.

## Registry editor: why a form was refused
registry-error-name-length = A cookie name must be 1 to 128 characters.
registry-error-name-character = The cookie name “{ $value }” contains “{ $char }”, which a cookie name may not contain.
registry-error-name-wildcard = The cookie name “{ $value }”: “*” may only end a name, after at least one character.
registry-error-category = Choose a category.
registry-error-party = Choose first or third party.
registry-error-unit = Choose a lifetime unit.
registry-error-lifetime-number = The lifetime must be a whole number.
registry-error-lifetime-range = The lifetime must be more than zero and at most 10 years.
registry-error-texts-pair = Give both the function and the purpose in { $language }, or neither.
registry-error-function-length = The function text in { $language } must be 1 to 500 characters.
registry-error-purpose-length = The purpose text in { $language } must be 1 to 500 characters.
registry-error-no-text = A cookie needs its texts in at least one language.
registry-error-provider = The provider must be 1 to 120 characters when given.
registry-error-kind = Choose a kind.
registry-error-integration-name = The name of an integration must be 1 to 80 characters.
registry-error-necessary = A third-party integration is never necessary; choose functionality, statistics or marketing.
registry-error-origin = “{ $value }” is not an origin such as https://www.example.org: { $reason }.
registry-error-no-origin = An integration needs at least one origin.
registry-error-source = The source “{ $value }” is not an https address.
registry-error-source-origin = The source is served from { $origin }, which is not one of the declared origins.
registry-error-description-length = The description in { $language } must be 1 to 500 characters.
registry-error-no-description = An integration needs its description in at least one language.
registry-error-taken = A declaration named “{ $name }” already exists: edit it instead, or choose another name.
registry-error-missing = The declaration “{ $name }” no longer exists (someone removed it meanwhile); reload the page.
registry-error-stale = A newer revision of this registry exists: someone edited it meanwhile. Reload the page and make your change again.
registry-error-invalid = The declaration could not be saved as given; check every field.
registry-origin-scheme = it must start with https://
registry-origin-path = it must not have a path, query or fragment
registry-origin-user = it must not carry a user name
registry-origin-wildcard = wildcards are not allowed
registry-origin-characters = it may only contain letters, digits, dots, hyphens and a port
registry-origin-host = the host name is not valid
registry-origin-port = the port must be a number from 1 to 65535
registry-origin-canonical = write it in lower case, without a trailing / or the port 443

## The notification feed (/news/ and its editor)
news-bell = { $count ->
    [0] News, nothing unread
    [one] { $count } unread news post
   *[other] { $count } unread news posts
}
news-title = What's new
news-lead = News about the platform and its new features, from the platform's team.
news-empty = No news for now.
news-new = New
news-read-state-cookie = What you have read is remembered by the notification cookies listed in the cookie policy, which you accepted.
news-read-state-account = What you have read is remembered in your account.
news-read-state-none = Nothing is remembered about what you read: the bell counts the news of the last 30 days.
news-admin-title = News
news-admin-help = Posts appear on every site of the platform, in the visitor's language when the post has it, in another of its languages otherwise.
news-admin-new = Write a post
news-admin-edit = Edit a post
news-admin-back = Back to the news
news-admin-saved = Saved.
news-admin-none = No post yet.
news-admin-delete = Delete
news-admin-delete-this = Delete this post
news-admin-elsewhere = News are written by the platform's administrators, from the platform's own site.
news-col-languages = Languages
news-col-state = State
news-state-scheduled = Scheduled
news-state-published = Shown
news-state-expired = Expired
news-never = Never
news-field-title = Title
news-field-body = Text
news-field-body-help = Texts are written in Markdown: **bold**, *italics*, [a link](https://example.org), lists. HTML is shown as it is typed, never run.
news-field-published = Publication date
news-field-published-help = In UTC. A post with a date to come stays hidden until then.
news-field-expires = Expiry date (optional)
news-field-expires-help = In UTC. Leave it empty to keep the post shown.
news-field-languages-help = Write the post in the languages you want, at least one: a language left empty is not part of the post.
news-error-no-text = Write a title and a text in at least one language.
news-error-incomplete = The post in { $language } needs both a title and a text (or leave both empty).
news-error-title-length = The title in { $language } is too long: 200 characters at most.
news-error-body-length = The text in { $language } is too long: 20,000 characters at most.
news-error-published = The publication date is not a date: pick one, for example 2026-12-07 16:30.
news-error-expires = The expiry date is not a date: pick one, or leave it empty.
news-error-expires-before = The expiry date must come after the publication date.
news-error-go = Go to the field

## Back office: scans of the site in a real browser
backoffice-scan = Cookie scan
scan-title = Cookie scan
scan-help = A scan visits this site in a real headless browser, once per consent choice (no choice, reject all, accept all, each optional category alone), and compares the cookies, storage and third parties it meets with the published policy. It runs in the background and takes a minute or two.
scan-run = Scan the site now
scan-not-configured = This server has no browser to scan with.
scan-notice-started = The scan has started. Reload this page in a minute to see its result.
scan-notice-running = A scan of this site is already running; its result will appear here.
scan-shown = Scan { $id }
scan-col-status = Result
scan-status-running = Running
scan-status-clean = Clean: the site does what its policy says
scan-status-findings = Findings
scan-status-failed = Could not run
scan-url = Start page
scan-col-started = Started
scan-col-finished = Finished
scan-col-revision = Policy revision checked
scan-outdated = the policy has changed since (now revision { $revision }): scan again
scan-browser = Browser
scan-observed = Observed
scan-summary = { $states } consent states, { $pages } pages, { $cookies } cookies, { $origins } third-party origins
scan-running-help = The scan is running.
scan-reload = Reload to see its result
scan-failed = The scan could not finish: { $reason }
scan-clean = No finding: every cookie and third party met is declared, with its lifetime and attributes, and none came before consent.
scan-findings = { $count ->
    [one] One finding
   *[other] { $count } findings
}
scan-col-kind = Finding
scan-col-state = Consent state
scan-col-subject = Cookie or origin
scan-col-evidence = Evidence
scan-kind-undeclared_cookie = Cookie not declared
scan-kind-set_before_consent = Set before consent
scan-kind-lifetime_longer_than_declared = Lives longer than declared
scan-kind-weaker_attributes = Attributes weaker than declared
scan-kind-undeclared_third_party = Third party not declared
scan-kind-third_party_without_consent = Third party contacted without consent
scan-more-findings = { $count } more findings are in the JSON report.
scan-download = Download the JSON report
scan-signed = signed with Ed25519 key { $key } (check it with galette scan verify)
scan-unsigned = not signed (the server has no signing key)
scan-none = This site has not been scanned yet.
scan-history = Earlier scans
scan-col-findings = Findings
## Audience statistics (back office)
stats-title = Audience statistics
stats-periods = Period
stats-period-today = Today
stats-period-7d = Last 7 days
stats-period-30d = Last 30 days
stats-period-12mo = Last 12 months
stats-from = From
stats-to = To
stats-site = Site
stats-all-sites = All sites
stats-show = Show
stats-scope-all = Every site, added together.
stats-scope-site = Site { $site }.
stats-period-summary = From { $from } to { $to } ({ $days } days, UTC), compared with { $prevfrom } to { $prevto }.
stats-period-summary-day = { $day }, hour by hour (UTC), compared with { $previous }.
stats-visitor-days-note = Over several days, “visitor-days” adds up each day’s distinct visitors. Visitors are recognised within a day only: the key that tells them apart is replaced every midnight and the old one deleted, so a person who comes back on another day is counted again. No cookie is used.
stats-visitors = Unique visitors
stats-visitor-days = Visitor-days
stats-visits = Visits
stats-pageviews = Page views
stats-bounce-rate = Bounce rate
stats-duration = Visit duration (average)
stats-api-calls = API calls
stats-downloads = Downloads
stats-summary = Summary, and change from the previous period of the same length
stats-col-metric = Measure
stats-col-now = This period
stats-col-before = Previous period
stats-col-change = Change
stats-col-time = Day or hour (UTC)
stats-col-page = Page
stats-col-referrer = Referrer
stats-col-language = Language
stats-col-device = Device
stats-col-browser = Browser
stats-col-country = Country
stats-col-dataset = Dataset
stats-col-format = Format
stats-dropped = Events dropped by the recorder because its queue was full: { $count }
stats-series-caption = Page views (bars) and visitors (line) over the period
stats-chart-desc = The same numbers are in the table below the chart.
stats-bars-desc = Bar chart; the same numbers are in the table below it.
stats-as-table = The chart’s numbers as a table
stats-top-page = Top pages
stats-top-entry = Entry pages
stats-top-referrer = Referrers
stats-top-language = Languages
stats-top-device = Devices
stats-top-browser = Browsers
stats-top-country = Countries
stats-top-dataset = Datasets viewed
stats-top-api = API calls per dataset
stats-top-download = Downloads per dataset and format
stats-none = Nothing recorded in this period.
stats-catalogue = (the catalogue)
stats-direct = (direct or unknown)
stats-export = The same numbers:
stats-error-query = The statistics accept only period, from, to, site and format, each at most once.
stats-error-period = The period must be today, 7d, 30d, 12mo or custom.
stats-error-date = Dates are written YYYY-MM-DD, for example 2026-03-01.
stats-error-custom = A custom period needs both a from date and a to date.
stats-error-order = The from date must not come after the to date.
stats-error-future = The to date must not be after today (UTC).
stats-error-long = A period may cover at most five years.
stats-error-mixed = Give either a preset period or from and to dates, not both.
stats-error-format = The only other format is json.
stats-error-site = There is no site with that slug.
stats-settings-title = How this site counts
stats-settings-help = These settings apply to this site's statistics from the next events recorded, and the cookie policy page describes them. Addresses and user agents are never stored, whatever you choose.
stats-settings-gpc = Do not count visits from browsers that send Global Privacy Control or Do Not Track
stats-settings-staff = Count the visits of this site's signed-in administrators
stats-settings-raw-days = Days the raw events are kept (1 to 31)
stats-settings-retention = Months the aggregated numbers are kept (1 to 25)
stats-settings-save = Save the settings
stats-settings-error-raw-days = Raw events are kept for a whole number of days, from 1 to 31.
stats-settings-error-retention = Aggregated numbers are kept for a whole number of months, from 1 to 25 (the longest that audience measurement without consent allows).
