# واجهة Colloquy بالعربية. الرسائل نفسها الموجودة في en.ftl.

## The chat page: header and messages

menu = القائمة
copy-all = نسخ الكل
    .title = نسخ المحادثة كاملة
conversation = المحادثة
not-found-conversation = لم يُعثر على هذه المحادثة.
not-found-folder = لم يُعثر على هذا المجلد.
not-found-why = ربما حُذفت، أو أنها تخص شخصًا آخر.
start-new-chat = بدء محادثة جديدة
model = النموذج
jump-to-latest = ↓ الانتقال إلى الأحدث
theme-light = التبديل إلى المظهر الفاتح
theme-dark = التبديل إلى المظهر الداكن
show-earlier = عرض الرسائل السابقة ({ $count ->
        [zero] لا رسائل قبل هذه
        [one] رسالة واحدة قبل هذه
        [two] رسالتان قبل هذه
        [few] { $count } رسائل قبل هذه
       *[other] { $count } رسالة قبل هذه
    })
copied = تم النسخ
copy-failed = تعذّر النسخ
copy = نسخ
    .message = نسخ هذه الرسالة
reply-loading = جارٍ تحميل النموذج…
reply-queued = الترتيب { $position } في قائمة الانتظار…
reply-stopped = توقّف.
reply-interrupted = انقطع: { $why }
edit = تعديل
    .title = تعديل هذه الرسالة والحصول على رد جديد
thought-briefly = فكّر أقل من ثانية
thought-for = فكّر { $seconds } ث
thinking-now = يفكّر…
thinking = التفكير
retry = إعادة التوليد
    .title = توليد هذا الرد مرة أخرى
feedback-thanks = شكرًا على ملاحظاتك.
feedback-comment = تعليق على الرد
    .placeholder = ما الجيد أو السيئ في هذا الرد؟ (اختياري)
feedback-send = إرسال الملاحظات
edit-message = تعديل الرسالة
edit-save = حفظ وإعادة التوليد
cancel = إلغاء
like = أعجبني
dislike = لم يعجبني

## The composer

message = الرسالة
    .placeholder = اكتب رسالة… (Enter للإرسال، Shift+Enter لسطر جديد)
send = إرسال
stop = إيقاف
undo = تراجع
    .title = إزالة الجولة الأخيرة وإعادة رسالتك إلى المربع
attach = إرفاق ملفات
    .title = إرفاق ملفات (أو اسحبها وأفلتها أو الصقها)

## The sidebar

conversations = المحادثات
    .show = عرض المحادثات
new-chat = + محادثة جديدة
all-bots = كل الروبوتات
playground = ساحة التجربة
search = البحث في المحادثات
search-in = البحث في { $folder }
search-results = نتائج البحث
search-nothing = لم يُعثر على شيء لـ «{ $query }».
search-matches = { $count ->
        [zero] لا نتائج
        [one] نتيجة واحدة
        [two] نتيجتان
        [few] { $count } نتائج
       *[other] { $count } نتيجة
    }
import = استيراد محادثة
    .file = محادثة مُصدَّرة (JSON)
    .button = استيراد
api-keys = مفاتيح API
pinned = مثبّتة:
conversation-options = خيارات { $title }
rename = إعادة التسمية
    .field = العنوان الجديد
delete = حذف
    .open = حذف…
    .question = حذف هذه المحادثة نهائيًا؟

## Folders and pins

folders = المجلدات
    .all = كل المحادثات
folder-new = مجلد جديد
    .name = اسم المجلد الجديد
    .add = إضافة
folder-options = خيارات المجلد { $folder }
folder-rename = إعادة التسمية
    .field = الاسم الجديد للمجلد
folder-delete = حذف المجلد
    .open = حذف المجلد…
    .question = حذف هذا المجلد؟ تبقى محادثاته وتعود إلى القائمة.
pin = تثبيت في الأعلى
unpin = إلغاء التثبيت
folder = المجلد
    .none = بلا مجلد
    .move = نقل

## Sharing and export

share = مشاركة / تصدير
export-markdown = تصدير بصيغة Markdown
export-json = تصدير بصيغة JSON
share-link = يمكن لأي شخص لديه هذا الرابط قراءة هذه المحادثة:
    .once = انسخه الآن: لن يُعرض مرة أخرى.
share-shared = يمكن لأي شخص لديه رابط القراءة فقط لهذه المحادثة قراءتها.
share-renew = إنشاء رابط جديد (يتوقف الرابط القديم عن العمل)
share-stop = إيقاف المشاركة
share-create = إنشاء رابط للقراءة فقط

## Attachments

file-too-many = يمكن أن تحمل الرسالة { $max } ملفات على الأكثر.
file-kind = { $name } ليس من أنواع الملفات التي تقبلها هذه المحادثة ({ $kinds }).
file-too-big = حجم { $name } هو { $size }؛ والحد الأقصى { $limit }.
kind-image = صورة
kind-text = نص
kind-audio = صوت
upload-failed = فشل الرفع؛ تحقّق من اتصالك وحاول مرة أخرى.
    .status = فشل الرفع (HTTP { $status }).
attached-files = الملفات المرفقة
uploading = جارٍ الرفع…
file-remove = إزالة { $name }

## Read aloud, dictation and the recorder

read-aloud = القراءة بصوت عالٍ
    .title = قراءة هذا الرد بصوت عالٍ؛ اضغط مرة أخرى للإيقاف
    .code = كتلة برمجية، لا تُقرأ.
    .formula = معادلة
dictate = إملاء
    .title = إملاء: تحدّث فتُكتب كلماتك؛ اضغط مرة أخرى للإيقاف
dictate-stopped = توقّف الإملاء: { $why }.
dictate-failed = تعذّر بدء التعرّف على الكلام.
dictate-missing = لا يدعم هذا المتصفح التعرّف على الكلام.
record = تسجيل صوتي
    .title = تسجيل رسالة صوتية
record-stop = إيقاف التسجيل
    .title = إيقاف التسجيل وإرفاقه
record-no-microphone = تعذّر استخدام الميكروفون؛ اسمح به في المتصفح، أو أرفق ملفًا صوتيًا.
record-unreadable = تعذّرت قراءة التسجيل؛ حاول مرة أخرى، أو أرفق ملفًا صوتيًا.

## Settings, versions and Compare

settings = الإعدادات
versions = النسخ
    .previous = النسخة السابقة
    .next = النسخة التالية
version-failed = تعذّر عرض تلك النسخة: { $why }
compare = مقارنة
    .title = إرسال هذه الرسالة إلى نموذجين ومقارنة إجابتيهما
    .group = مقارنة إجابتين
compare-second = الإجابة الثانية من
compare-send = الإرسال إلى كليهما
compare-answer = الإجابة { $number }: { $model }
compare-choose = اعتماد هذه الإجابة
compare-choose-failed = تعذّر اختيار تلك الإجابة: { $why }

## What the conversation says

reply-cut-off = انقطع الرد قبل أن يكتمل.
reply-failed = فشل الرد.
earlier-failed = تعذّرت قراءة الرسائل السابقة: { $why }
message-too-long = طول هذه الرسالة { $length } بايت؛ والحد الأقصى { $limit } بايت. اختصرها أو قسّمها إلى أجزاء.
model-cannot-read = لا يستطيع { $model } قراءة ملفات من نوع { $kind } مثل { $name }؛ اختر نموذجًا يستطيع ذلك، أو أزل الملف.
files-wait = انتظر حتى يكتمل رفع الملفات.
files-failed = أزل الملفات التي تعذّر رفعها.
new-chat-title = محادثة جديدة
undo-failed = تعذّرت إزالة الجولة من المحادثة المحفوظة
connection-failed = فشل الاتصال: { $why }
connection-ended = انتهى الاتصال قبل أن يكتمل الرد.

## The language picker

language = اللغة
    .apply = تطبيق

## Shared conversations, the bots' list, a missing page

shared-not-found = لم يُعثر على هذه المحادثة المشتركة: ربما أُلغي الرابط.
shared-start = بدء محادثة
shared-description = محادثة مشتركة (للقراءة فقط)
shared-own = ابدأ محادثتك الخاصة
shared-note = ({ $status ->
        [streaming] قيد الكتابة
        [interrupted] انقطع
        [stopped] أُوقف
       *[failed] فشل
    })
shared-note-why = ({ $status ->
        [streaming] قيد الكتابة
        [interrupted] انقطع
        [stopped] أُوقف
       *[failed] فشل
    }: { $why })
bots = الروبوتات
    .description = لكل روبوت صفحته وتعليماته وأمثلته؛ ومحادثاتك معها جميعًا موجودة في كل شريط جانبي.
    .new = إنشاء روبوت جديد في ساحة التجربة
page-not-found = الصفحة غير موجودة.
copy-code = نسخ
    .name = نسخ الشيفرة

## Accounts, administration and API keys

sign-in = تسجيل الدخول
    .ask = لديك حساب؟
sign-up = إنشاء حساب
    .button = إنشاء الحساب
    .ask = ليس لديك حساب بعد؟
    .link = أنشئ واحدًا
sign-out = تسجيل الخروج
signed-in = مسجَّل الدخول
account-name = الاسم
account-password = كلمة المرور
admin = الإدارة
    .back = → العودة إلى المحادثة
admin-feedback = الملاحظات
    .about = كل إعجاب وعدم إعجاب مع تعليقه والرسالة والرد، كائن JSON واحد في كل سطر:
    .download = تنزيل feedback.jsonl
admin-users = المستخدمون
    .anonymous = { $count ->
        [zero] لا مستخدمين مجهولين (الوضع المفتوح) غير هؤلاء.
        [one] مستخدم مجهول واحد (الوضع المفتوح) غير هؤلاء.
        [two] مستخدمان مجهولان (الوضع المفتوح) غير هؤلاء.
        [few] { $count } مستخدمين مجهولين (الوضع المفتوح) غير هؤلاء.
       *[other] { $count } مستخدم مجهول (الوضع المفتوح) غير هؤلاء.
    }
    .admin = مشرف
    .yes = نعم
keys-new = مفتاحك الجديد. انسخه الآن: لن يُعرض مرة أخرى.
keys-none = لا مفاتيح بعد.
keys-key = المفتاح
keys-made = أُنشئ
keys-used = آخر استخدام
    .never = أبدًا
keys-revoke = إلغاء
    .name = إلغاء { $name }
keys-about = تصل البرامج إلى هذا الروبوت عبر واجهته البرمجية المتوافقة مع OpenAI ({ $endpoints }) بمفتاح من مفاتيحك يُرسل بصيغة { $header }. تعمل أي مكتبة عميل لـ OpenAI: اضبط عنوانها الأساسي على { $base } في هذا الموقع ونموذجها على { $model }.
keys-name = الاسم
    .placeholder = سكربت الحاسوب المحمول
keys-create = إنشاء مفتاح

## The playground

pg-about = صف الروبوت الذي تريده، وسيكتب النموذج مسودته. عدّلها وجرّبها بجانب النموذج واحفظها صفحةً في هذا التطبيق.
pg-chat = المحادثة
pg-bot = الروبوت
pg-preview = المعاينة
    .conversation = محادثة المعاينة
pg-describe = صف روبوتك
    .label = صف الروبوت الذي تريده بكلمات بسيطة
    .placeholder = روبوت ودود يقترح وصفات مما في ثلاجتي.
pg-drafting = جارٍ كتابة المسودة…
pg-draft = اكتب المسودة
pg-form = النموذج
pg-title = العنوان
pg-description = الوصف
pg-system-prompt = تعليمات النظام
pg-examples = أمثلة (واحد في كل سطر)
pg-settings = الإعدادات (قوائم منسدلة؛ كل منها {"{"}name{"}"} في التعليمات)
pg-add-setting = + إضافة إعداد
pg-setting-name = اسم الإعداد
pg-setting-label = تسمية الإعداد
pg-setting-choices = الخيارات، مفصولة بفواصل
pg-setting-remove = إزالة هذا الإعداد
pg-toml = ملف الروبوت (TOML)
    .check = تحقّق منه وحدّث النموذج
pg-save = الحفظ
    .name = الاسم (عنوانه: /bots/NAME)
    .replace = استبدال روبوت بهذا الاسم
    .taken = يوجد روبوت بهذا الاسم: حدّد «استبدال» لتغييره، أو اختر اسمًا آخر.
    .button = حفظ الروبوت
pg-saved = تم الحفظ. إنه متاح على
pg-open = تغيير روبوت محفوظ
pg-preview-message = رسالة إلى المعاينة
    .placeholder = جرّب روبوتك…
pg-clear = مسح
pg-side-model = النموذج { $side }
pg-side-prompt = تعليمات النظام { $side }
pg-compare = رسالة واحدة وردّان: اختر نموذجين، أو غيّر تعليمات النظام لأحد الجانبين.
    .message = رسالة للمقارنة
    .placeholder = رسالة للجانبين…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = تعليمات النظام
input-temperature = درجة الحرارة
input-top-p = Top-p
input-max-tokens = أقصى عدد من الرموز

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] لم يُعثر على هذه المحادثة؛ ربما حُذفت.
        [folder] لم يُعثر على هذا المجلد؛ ربما حُذف.
        [reply] لم يُعثر على هذا الرد؛ ربما حُذف.
        [attachment] لم يُعثر على هذا المرفق؛ ربما حُذف.
        [bot] لم يُعثر على هذا الروبوت؛ ربما حُذف.
        [account] لم يُعثر على هذا الحساب؛ ربما حُذف.
        [api-key] لم يُعثر على مفتاح API هذا؛ ربما حُذف.
       *[page] لم يُعثر على هذه الصفحة؛ ربما حُذفت.
    }
error-sign-in-first = سجّل الدخول أولًا.
error-unreachable = تعذّر الوصول إلى الخادم. تحقق من اتصالك وحاول مجددًا.
error-malformed = تعذّرت قراءة الطلب: { $detail }
error-server = فشل الخادم: { $detail }
error-server-setup = هذا الخادم غير مُعدّ لذلك؛ يمكن لمشغّله إصلاح ذلك.
error-session = تعذّرت قراءة جلستك الآن؛ لم يتغير شيء. حاول مجددًا بعد قليل.
error-user-twice = هذا الطلب يذكر مستخدمه أكثر من مرة؛ فرُفض.
error-store-unavailable = تعذّر الوصول إلى محادثاتك الآن؛ لم يتغير شيء. حاول مجددًا بعد قليل.
error-changed-elsewhere = تغيّرت هذه المحادثة في مكان آخر (علامة تبويب أو جهاز آخر)؛ أعد التحميل لرؤيتها.
error-title-empty = لا يمكن أن يكون العنوان فارغًا.
error-title-too-long = لا يتجاوز العنوان { $max } حرفًا.
error-bad-name = الاسم من 1 إلى { $max } من الحروف والأرقام و . _ @ + - (بلا مسافات).
error-name-taken = الاسم { $name } مستخدم بالفعل.
error-folder-name-empty = يحتاج المجلد إلى اسم.
error-folder-name-too-long = لا يتجاوز اسم المجلد { $max } حرفًا.
error-too-many-folders = يمكنك امتلاك { $max } مجلدًا على الأكثر.
error-bad-key-name = يجب أن يكون اسم المفتاح من 1 إلى { $max } حرفًا، بلا أحرف تحكم.
error-too-many-keys = لديك بالفعل { $max } مفتاحًا؛ ألغِ أولًا مفتاحًا لم تعد تستخدمه.
error-bad-rating = التقييم إما «أعجبني» أو «لم يعجبني».
error-too-fast-messages = أنت ترسل الرسائل أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-requests = أنت ترسل الطلبات أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-address = هذا العنوان يرسل الطلبات أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-searching = أنت تبحث أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-playground = أنت تستخدم ساحة التجربة أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-files = أنت ترسل الملفات أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-imports = أنت تستورد المحادثات أسرع مما يسمح به هذا الخادم. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-sign-in = محاولات تسجيل دخول كثيرة جدًا. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-too-fast-sign-up = محاولات كثيرة جدًا. يمكنك المحاولة مجددًا بعد { $secs ->
        [zero] { $secs } ثانية
        [one] ثانية واحدة
        [two] ثانيتين
        [few] { $secs } ثوانٍ
        [many] { $secs } ثانية
       *[other] { $secs } ثانية
    }.
error-model-unavailable = تعذّر تحميل النموذج: { $detail }
error-context-overflow = المحادثة أطول مما يتسع له النموذج ({ $prompt } رمزًا، والسياق { $context } رمزًا)؛ امسحها وابدأ من جديد.
error-generation = فشل النموذج أثناء التوليد: { $detail }
error-provider-unreachable = تعذّر الوصول إلى { $provider } ({ $detail })؛ تحقق من أنه يعمل وأن base_url الخاص به صحيح.
error-key-rejected = رفض { $provider } مفتاح API (HTTP { $status })؛ تحقق من المفتاح المضبوط له على الخادم.
error-provider-rate-limited = { $provider } يحدّ من الطلبات وظل كذلك بعد { $attempts } محاولات؛ حاول مجددًا بعد { $secs } ث.
error-provider-rate-limited-minute = { $provider } يحدّ من الطلبات وظل كذلك بعد { $attempts } محاولات؛ حاول مجددًا بعد دقيقة.
error-provider-status = ردّ { $provider } بـ HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}بعد { $attempts } محاولات
    }
error-provider-status-detail = ردّ { $provider } بـ HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] {" "}بعد { $attempts } محاولات
    }: { $detail }
error-provider-refused = رفض { $provider } الطلب (HTTP { $status })
error-provider-refused-detail = رفض { $provider } الطلب (HTTP { $status }): { $detail }
error-provider-interrupted = انقطع الرد من { $provider }: { $detail }
error-provider-malformed = أرسل { $provider } بيانات لا يستطيع Colloquy قراءتها: { $detail }
error-provider-stalled = لم يرسل { $provider } شيئًا طوال { $secs } ث، فتُرك الطلب.
error-provider-no-first-token = لم يبدأ { $provider } الرد خلال { $secs } ث، فتُرك الطلب.
error-busy = { $model } مشغول الآن ({ $waiting } في الانتظار)؛ حاول مجددًا بعد قليل.
error-too-many-places = لديك بالفعل { $held } ردود تنتظر { $model } أو يكتبها الآن؛ انتظر حتى ينتهي أحدها.
error-model-not-offered = هذا النموذج غير متاح هنا؛ اختر واحدًا من القائمة.
error-no-user-message = لا توجد رسالة منك للرد عليها.
error-not-users-message = يجب أن تكون الرسالة الجديدة من المستخدم.
error-compare-incomplete = تعذّر بدء الردّين؛ حاول مجددًا.
error-too-many-messages = في هذه المحادثة { $messages } رسالة؛ الحد هو { $limit }. ابدأ محادثة جديدة للمتابعة.
error-message-empty = الرسالة فارغة؛ اكتب شيئًا قبل الإرسال.
error-message-too-long = طول الرسالة { $len } بايت؛ الحد { $limit } بايت، فاختصرها أو قسّمها.
error-history-system = الرسالة { $index } من السجل لها دور النظام؛ موجّه النظام يُحدَّد على الخادم.
error-history-message-too-long = الرسالة { $index } من السجل تتجاوز { $limit } بايت.
error-conversation-too-long = طول المحادثة { $total } بايت؛ الحد { $limit } بايت، فامسحها وابدأ من جديد.
error-comment-too-long = طول التعليق { $len } بايت؛ الحد { $limit } بايت.
error-not-a-reply = هذا ليس معرّف رد.
error-unknown-language = هذه اللغة غير متوفرة في هذا التطبيق.
error-setting-unknown = لا يوجد إعداد باسم { $name }؛ أعد تحميل الصفحة للحصول على الإعدادات الحالية.
error-setting-invalid = يجب أن يكون { $label } { $expected }.
error-attachments-off = المرفقات معطّلة على هذا الخادم.
error-attachments-too-many = يمكن أن تحمل الرسالة { $limit } ملفات على الأكثر؛ أزل بعضها.
error-attachment-not-accepted = لا يستطيع { $model } قراءة ملفات { $kind ->
        [image] الصور
        [audio] الصوت
       *[text] النص
    } مثل { $name }؛ اختر نموذجًا يستطيع، أو أزل الملف.
error-attachment-twice = { $name } مرفق مرتين برسالة واحدة؛ أرفق كل ملف مرة واحدة.
error-attachments-too-much-text = هذه المحادثة مع ملفاتها النصية تتجاوز { $limit } بايت، وهو أقصى ما يُرسل في دور واحد. ابدأ محادثة جديدة للمتابعة.
error-attachments-too-much-media = صور هذه المحادثة وصوتها تتجاوز { $limit } بايت، وهو أقصى ما يُرسل في دور واحد. ابدأ محادثة جديدة، أو أزل بعض الملفات.
error-attachments-unreadable = تعذّرت قراءة المرفقات؛ حاول مجددًا لاحقًا.
error-file-empty = { $name } فارغ.
error-file-too-large = حجم { $name } هو { $size } بايت؛ لا يتجاوز حجم الملف { $limit } بايت.
error-file-type = { $name } ليس نوع ملف تقبله هذه المحادثة؛ أرفق { $allowed }.
error-file-pixels = { $name } صورة بحجم { $width }×{ $height }؛ لا تتجاوز الصورة { $limit } بكسل.
error-file-unreadable-image = { $name } يبدو صورة لكن تعذّرت قراءة حجمها؛ ربما هي تالفة.
error-file-over-quota = { $name } لا يتسع: ملفاتك تشغل { $used } بايت من { $limit } يمكنك تخزينها هنا.
error-file-address-over-quota = { $name } لا يتسع: الملفات المرسلة من عنوانك تشغل { $used } بايت من { $limit } يمكنه تخزينها هنا.
error-file-store-full = تعذّر تخزين { $name }: مساحة الملفات على هذا الخادم ممتلئة؛ حاول مجددًا لاحقًا.
error-file-gone = هذا المرفق لم يعد متاحًا؛ أرفق الملف مجددًا.
error-file-not-stored = تعذّر تخزين الملف؛ حاول مجددًا لاحقًا.
error-sign-in-mismatch = هذا الاسم وكلمة المرور لا يطابقان أي حساب.
error-password-too-short = تحتاج كلمة المرور إلى { $min } أحرف على الأقل.
error-password-too-long = لا تتجاوز كلمة المرور { $max } بايت.
error-password-not-stored = تعذّر حفظ كلمة مرورك؛ حاول مجددًا.
error-keys-unavailable = لا يستطيع الخادم التحقق من مفاتيح API الآن؛ حاول مجددًا بعد قليل.
error-draft-failed = تعذّر على النموذج كتابة المسودة: { $detail }
error-describe-first = صِف الروبوت الذي تريده أولًا.
error-describe-shorter = صِفه في { $limit } بايت على الأكثر.
error-bot-file = ملف الروبوت غير صالح: { $detail }
error-system-prompt-too-long = موجّه النظام هذا طويل جدًا.
error-preview-text-only = المعاينة تقبل النص فقط.
error-bot-name = اسم الروبوت: { $detail }
error-bot-operators = الروبوت { $name } كتبه مشغّل هذا التطبيق؛ لا يمكن لساحة التجربة تغييره. احفظ روبوتك باسم آخر.
error-bot-someone-elses = الروبوت { $name } حفظه شخص آخر؛ هو وحده (أو المشرف) يستطيع استبداله. احفظ روبوتك باسم آخر.
error-bot-exists = يوجد روبوت باسم { $name } بالفعل؛ اختر اسمًا آخر، أو حدّد «استبدال» لتغييره.
error-bots-full = في هذا التطبيق { $count } روبوتات بالفعل، وهو الحد الأقصى.
error-bot-not-written = تعذّرت كتابة ملف الروبوت؛ حاول مجددًا لاحقًا.
error-conversations-unreachable = تعذّر الوصول إلى محادثاتك الآن؛ حاول مجددًا بعد قليل.
error-shared-unreachable = تعذّر الوصول إلى هذه المحادثة الآن؛ حاول مجددًا بعد قليل.
error-file-over-limit = لا يتجاوز حجم الملف { $limit } بايت.
error-import-too-big = فشل الاستيراد: لا يتجاوز التصدير { $mib } ميبيبايت.
error-import-no-file = فشل الاستيراد: اختر ملفًا لاستيراده.
error-import-empty = فشل الاستيراد: لا يحتوي الطلب على ملف.
error-import-form = فشل الاستيراد: تعذّرت قراءة النموذج: { $detail }
error-import-invalid = فشل الاستيراد: { $detail }
error-import-unavailable = فشل الاستيراد: تعذّر تخزين المحادثة الآن؛ لم يُستورد شيء. حاول مجددًا بعد قليل.

## The page the installed app shows offline (server/src/installable)

offline-title = { $title }: غير متصل
offline-text = أنت غير متصل. تحتاج الردود إلى الاتصال بالخادم؛ محادثاتك محفوظة هناك وتعود بعودته.
offline-try-again = حاول مجددًا
