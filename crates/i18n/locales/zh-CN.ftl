# Colloquy 界面的简体中文版。与 en.ftl 的消息完全相同。

## The chat page: header and messages

menu = 菜单
copy-all = 全部复制
    .title = 复制整个对话
conversation = 对话
not-found-conversation = 找不到此对话。
not-found-folder = 找不到此文件夹。
not-found-why = 它可能已被删除，或属于其他人。
start-new-chat = 开始新对话
model = 模型
jump-to-latest = ↓ 跳到最新
theme-light = 切换到浅色主题
theme-dark = 切换到深色主题
show-earlier = 显示更早的消息（此前还有 { $count } 条）
copied = 已复制
copy-failed = 复制失败
copy = 复制
    .message = 复制此消息
reply-loading = 正在加载模型…
reply-queued = 排队中，第 { $position } 位…
reply-stopped = 已停止。
reply-interrupted = 已中断：{ $why }
edit = 编辑
    .title = 编辑此消息并获取新的回复
thought-briefly = 思考了不到一秒
thought-for = 思考了 { $seconds } 秒
thinking-now = 正在思考…
thinking = 思考过程
retry = 重新生成
    .title = 再次生成此回复
feedback-thanks = 感谢你的反馈。
feedback-comment = 反馈意见
    .placeholder = 这条回复哪里好、哪里不好？（可选）
feedback-send = 发送反馈
edit-message = 编辑消息
edit-save = 保存并重新生成
cancel = 取消
like = 赞
dislike = 踩

## The composer

message = 消息
    .placeholder = 输入消息…（Enter 发送，Shift+Enter 换行）
send = 发送
stop = 停止
undo = 撤销
    .title = 移除最后一轮，并把你的消息放回输入框
attach = 添加附件
    .title = 添加附件（也可拖放或粘贴）

## The sidebar

conversations = 对话列表
    .show = 显示对话列表
new-chat = + 新对话
all-bots = 所有机器人
playground = 试验场
search = 搜索对话
search-in = 在 { $folder } 中搜索
search-results = 搜索结果
search-nothing = 没有找到“{ $query }”。
search-matches = { $count } 条结果
import = 导入对话
    .file = 导出的对话（JSON）
    .button = 导入
api-keys = API 密钥
pinned = 已置顶：
conversation-options = { $title } 的选项
rename = 重命名
    .field = 新标题
delete = 删除
    .open = 删除…
    .question = 永久删除此对话？

## Folders and pins

folders = 文件夹
    .all = 所有对话
folder-new = 新建文件夹
    .name = 新文件夹的名称
    .add = 添加
folder-options = 文件夹 { $folder } 的选项
folder-rename = 重命名
    .field = 文件夹的新名称
folder-delete = 删除文件夹
    .open = 删除文件夹…
    .question = 删除此文件夹？其中的对话会保留，回到列表中。
pin = 置顶
unpin = 取消置顶
folder = 文件夹
    .none = 无文件夹
    .move = 移动

## Sharing and export

share = 分享 / 导出
export-markdown = 导出为 Markdown
export-json = 导出为 JSON
share-link = 任何拥有此链接的人都可以阅读此对话：
    .once = 请现在复制：它不会再次显示。
share-shared = 任何拥有此对话只读链接的人都可以阅读它。
share-renew = 生成新链接（旧链接将失效）
share-stop = 停止分享
share-create = 创建只读链接

## Attachments

file-too-many = 一条消息最多可带 { $max } 个文件。
file-kind = { $name } 不是此对话接受的文件类型（{ $kinds }）。
file-too-big = { $name } 大小为 { $size }；上限为 { $limit }。
kind-image = 图片
kind-text = 文本
kind-audio = 音频
upload-failed = 上传失败；请检查网络连接后重试。
    .status = 上传失败（HTTP { $status }）。
attached-files = 已添加的附件
uploading = 正在上传…
file-remove = 移除 { $name }

## Read aloud, dictation and the recorder

read-aloud = 朗读
    .title = 朗读此回复；再按一次停止
    .code = 代码块，不朗读。
    .formula = 公式
dictate = 听写
    .title = 听写：说话即可输入；再按一次停止
dictate-stopped = 听写已停止：{ $why }。
dictate-failed = 无法启动语音识别。
dictate-missing = 此浏览器不支持语音识别。
record = 录音
    .title = 录制语音消息
record-stop = 停止录音
    .title = 停止录音并添加为附件
record-no-microphone = 无法使用麦克风；请在浏览器中允许，或添加音频文件。
record-unreadable = 无法读取录音；请重试，或添加音频文件。

## Settings, versions and Compare

settings = 设置
versions = 版本
    .previous = 上一个版本
    .next = 下一个版本
version-failed = 无法显示该版本：{ $why }
compare = 对比
    .title = 把此消息发给两个模型，对比它们的回答
    .group = 对比两个回答
compare-second = 第二个回答来自
compare-send = 同时发送
compare-answer = 回答 { $number }：{ $model }
compare-choose = 采用此回答
compare-choose-failed = 无法选择该回答：{ $why }

## What the conversation says

reply-cut-off = 回复在完成前被中断。
reply-failed = 回复失败。
earlier-failed = 无法读取更早的消息：{ $why }
message-too-long = 此消息长 { $length } 字节；上限为 { $limit } 字节。请缩短或分成几部分。
model-cannot-read = { $model } 无法读取{ $kind }文件，例如 { $name }；请选择能读取的模型，或移除该文件。
files-wait = 请等待文件上传完成。
files-failed = 请移除上传失败的文件。
new-chat-title = 新对话
undo-failed = 无法从已保存的对话中移除这一轮
connection-failed = 连接失败：{ $why }
connection-ended = 回复完成前连接已断开。

## The language picker

language = 语言
    .apply = 应用

## Shared conversations, the bots' list, a missing page

shared-not-found = 找不到此共享对话：链接可能已被撤销。
shared-start = 开始对话
shared-description = 共享的对话（只读）
shared-own = 开始你自己的对话
shared-note = （{ $status ->
        [streaming] 仍在撰写
        [interrupted] 已中断
        [stopped] 已停止
       *[failed] 失败
    }）
shared-note-why = （{ $status ->
        [streaming] 仍在撰写
        [interrupted] 已中断
        [stopped] 已停止
       *[failed] 失败
    }：{ $why }）
bots = 机器人
    .description = 每个机器人都有自己的页面、提示词和示例；你与它们的所有对话都在每个侧边栏中。
    .new = 在试验场中创建新机器人
page-not-found = 找不到页面。
copy-code = 复制
    .name = 复制代码

## Accounts, administration and API keys

sign-in = 登录
    .ask = 已有账户？
sign-up = 创建账户
    .button = 创建账户
    .ask = 还没有账户？
    .link = 创建一个
sign-out = 退出登录
signed-in = 已登录
account-name = 名称
account-password = 密码
admin = 管理
    .back = ← 返回对话
admin-feedback = 反馈
    .about = 每个赞和踩及其评论、消息和回复，每行一个 JSON 对象：
    .download = 下载 feedback.jsonl
admin-users = 用户
    .anonymous = 此外还有 { $count } 位匿名用户（开放模式）。
    .admin = 管理员
    .yes = 是
keys-new = 你的新密钥。请现在复制：它不会再次显示。
keys-none = 还没有密钥。
keys-key = 密钥
keys-made = 创建于
keys-used = 上次使用
    .never = 从未
keys-revoke = 撤销
    .name = 撤销 { $name }
keys-about = 程序可通过此机器人的 OpenAI 兼容 API（{ $endpoints }）并使用你的密钥访问它，密钥以 { $header } 发送。任何 OpenAI 客户端库都可以：把它的基础 URL 设为本站的 { $base }，把模型设为 { $model }。
keys-name = 名称
    .placeholder = 笔记本脚本
keys-create = 创建密钥

## The playground

pg-about = 描述你想要的机器人，模型会起草它。编辑它，在表单旁边试用，并把它保存为本应用的一个页面。
pg-chat = 对话
pg-bot = 机器人
pg-preview = 预览
    .conversation = 预览对话
pg-describe = 描述你的机器人
    .label = 用简单的话描述你想要的机器人
    .placeholder = 一个友好的机器人，根据我冰箱里的东西推荐菜谱。
pg-drafting = 正在起草…
pg-draft = 起草
pg-form = 表单
pg-title = 标题
pg-description = 描述
pg-system-prompt = 系统提示词
pg-examples = 示例（每行一个）
pg-settings = 设置（下拉列表；每个在提示词中写作 {"{"}name{"}"}）
pg-add-setting = + 添加设置
pg-setting-name = 设置名称
pg-setting-label = 设置标签
pg-setting-choices = 选项，用逗号分隔
pg-setting-remove = 移除此设置
pg-toml = 机器人文件（TOML）
    .check = 检查并更新表单
pg-save = 保存
    .name = 名称（它的地址：/bots/NAME）
    .replace = 替换同名的机器人
    .taken = 已有同名的机器人：勾选“替换”来修改它，或换一个名称。
    .button = 保存机器人
pg-saved = 已保存。它已上线：
pg-open = 修改已保存的机器人
pg-preview-message = 发给预览的消息
    .placeholder = 试试你的机器人…
pg-clear = 清空
pg-side-model = 模型 { $side }
pg-side-prompt = 系统提示词 { $side }
pg-compare = 一条消息，两个回复：选择两个模型，或修改一侧的系统提示词。
    .message = 用于对比的消息
    .placeholder = 发给两侧的消息…

## The settings panel's built-in inputs (unless the configuration labels them)

input-system-prompt = 系统提示词
input-temperature = 温度
input-top-p = Top-p
input-max-tokens = 最大 token 数

## The server's words: errors and refusals (colloquy_i18n::Said), worded
## by the page in its language

error-not-found = { $what ->
        [conversation] 找不到这个对话；它可能已被删除。
        [folder] 找不到这个文件夹；它可能已被删除。
        [reply] 找不到这条回复；它可能已被删除。
        [attachment] 找不到这个附件；它可能已被删除。
        [bot] 找不到这个机器人；它可能已被删除。
        [account] 找不到这个账户；它可能已被删除。
        [api-key] 找不到这个 API 密钥；它可能已被删除。
       *[page] 找不到这个页面；它可能已被删除。
    }
error-sign-in-first = 请先登录。
error-unreachable = 无法连接服务器。请检查网络连接后重试。
error-malformed = 无法读取请求：{ $detail }
error-server = 服务器出错：{ $detail }
error-server-setup = 此服务器未为此配置；其运营者可以修复。
error-session = 暂时无法读取你的会话；没有任何更改。请稍后重试。
error-user-twice = 此请求多次指明其用户；已被拒绝。
error-store-unavailable = 暂时无法访问你的对话；没有任何更改。请稍后重试。
error-changed-elsewhere = 此对话已在别处（另一个标签页或设备）被更改；请重新加载查看。
error-title-empty = 标题不能为空。
error-title-too-long = 标题最多 { $max } 个字符。
error-bad-name = 名称由 1 到 { $max } 个字母、数字和 . _ @ + - 组成（不含空格）。
error-name-taken = 名称 { $name } 已被占用。
error-folder-name-empty = 文件夹需要一个名称。
error-folder-name-too-long = 文件夹名称最多 { $max } 个字符。
error-too-many-folders = 你最多可以有 { $max } 个文件夹。
error-bad-key-name = 密钥名称必须为 1 到 { $max } 个字符，且不含控制字符。
error-too-many-keys = 你已有 { $max } 个密钥；请先撤销一个不再使用的。
error-bad-rating = 评价只能是“喜欢”或“不喜欢”。
error-too-fast-messages = 你发送消息的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-requests = 你发送请求的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-address = 此地址发送请求的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-searching = 你搜索的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-playground = 你使用试验场的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-files = 你发送文件的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-imports = 你导入对话的速度超过了此服务器的允许。 请在 { $secs } 秒后重试。
error-too-fast-sign-in = 登录尝试次数过多。 请在 { $secs } 秒后重试。
error-too-fast-sign-up = 尝试次数过多。 请在 { $secs } 秒后重试。
error-model-unavailable = 无法加载模型：{ $detail }
error-context-overflow = 对话对该模型来说太长（{ $prompt } 个 token，上下文 { $context } 个 token）；请清空后重新开始。
error-generation = 模型在生成时出错：{ $detail }
error-provider-unreachable = 无法连接 { $provider }（{ $detail }）；请检查它是否在运行，以及它的 base_url 是否正确。
error-key-rejected = { $provider } 拒绝了 API 密钥（HTTP { $status }）；请检查服务器上为它配置的密钥。
error-provider-rate-limited = { $provider } 正在限制请求，尝试 { $attempts } 次后仍是如此；请在 { $secs } 秒后重试。
error-provider-rate-limited-minute = { $provider } 正在限制请求，尝试 { $attempts } 次后仍是如此；请一分钟后重试。
error-provider-status = { $provider } 返回了 HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] （尝试 { $attempts } 次后）
    }
error-provider-status-detail = { $provider } 返回了 HTTP { $status }{ $attempts ->
        [1] {""}
       *[other] （尝试 { $attempts } 次后）
    }：{ $detail }
error-provider-refused = { $provider } 拒绝了请求（HTTP { $status }）
error-provider-refused-detail = { $provider } 拒绝了请求（HTTP { $status }）：{ $detail }
error-provider-interrupted = 来自 { $provider } 的回复被中断：{ $detail }
error-provider-malformed = { $provider } 发送了 Colloquy 无法读取的数据：{ $detail }
error-provider-stalled = { $provider } 在 { $secs } 秒内没有发送任何内容，因此放弃了该请求。
error-provider-no-first-token = { $provider } 没有在 { $secs } 秒内开始回答，因此放弃了该请求。
error-busy = { $model } 现在很忙（已有 { $waiting } 个在等待）；请稍后再试。
error-too-many-places = 你已有 { $held } 条回复在等待 { $model } 或正在由它撰写；请等其中一条完成。
error-model-not-offered = 这里不提供该模型；请从列表中选择一个。
error-no-user-message = 没有可回复的你的消息。
error-not-users-message = 新消息必须是用户的消息。
error-compare-incomplete = 无法同时开始两条回复；请重试。
error-too-many-messages = 此对话有 { $messages } 条消息；上限为 { $limit }。请开始新的聊天以继续。
error-message-empty = 消息为空；请先输入内容再发送。
error-message-too-long = 消息长 { $len } 字节；上限为 { $limit } 字节，请缩短或拆分。
error-history-system = 历史中的第 { $index } 条消息是系统角色；系统提示在服务器上设置。
error-history-message-too-long = 历史中的第 { $index } 条消息超过 { $limit } 字节。
error-conversation-too-long = 对话长 { $total } 字节；上限为 { $limit } 字节，请清空后重新开始。
error-comment-too-long = 评论长 { $len } 字节；上限为 { $limit } 字节。
error-not-a-reply = 这不是回复的标识。
error-unknown-language = 此应用没有这种语言。
error-setting-unknown = 没有名为 { $name } 的设置；请重新加载页面以获取当前设置。
error-setting-invalid = { $label } 必须是 { $expected }。
error-attachments-off = 此服务器已关闭附件。
error-attachments-too-many = 一条消息最多可带 { $limit } 个文件；请移除一些。
error-attachment-not-accepted = { $model } 无法读取像 { $name } 这样的{ $kind ->
        [image] 图片
        [audio] 音频
       *[text] 文本
    }文件；请选择能读取的模型，或移除该文件。
error-attachment-twice = { $name } 在一条消息中附加了两次；每个文件请只附加一次。
error-attachments-too-much-text = 此对话及其文本文件超过 { $limit } 字节，即一次发送的上限。请开始新的聊天以继续。
error-attachments-too-much-media = 此对话的图片和音频超过 { $limit } 字节，即一次发送的上限。请开始新的聊天，或移除一些文件。
error-attachments-unreadable = 无法读取附件；请稍后重试。
error-file-empty = { $name } 是空的。
error-file-too-large = { $name } 有 { $size } 字节；文件最多 { $limit } 字节。
error-file-type = { $name } 不是此聊天接受的文件类型；请附加 { $allowed }。
error-file-pixels = { $name } 是 { $width }×{ $height } 的图片；图片最多 { $limit } 像素。
error-file-unreadable-image = { $name } 看起来是图片，但无法读取其尺寸；它可能已损坏。
error-file-over-quota = { $name } 放不下：你的文件已占用你在此可存储的 { $limit } 字节中的 { $used } 字节。
error-file-address-over-quota = { $name } 放不下：从你的地址发送的文件已占用该地址在此可存储的 { $limit } 字节中的 { $used } 字节。
error-file-store-full = 无法存储 { $name }：此服务器的文件空间已满；请稍后重试。
error-file-gone = 该附件已不可用；请重新附加文件。
error-file-not-stored = 无法存储文件；请稍后重试。
error-sign-in-mismatch = 该名称和密码与任何账户都不匹配。
error-password-too-short = 密码至少需要 { $min } 个字符。
error-password-too-long = 密码最多 { $max } 字节。
error-password-not-stored = 无法保存你的密码；请重试。
error-keys-unavailable = 服务器暂时无法检查 API 密钥；请稍后重试。
error-draft-failed = 模型无法起草：{ $detail }
error-describe-first = 请先描述你想要的机器人。
error-describe-shorter = 请在 { $limit } 字节以内描述。
error-bot-file = 机器人文件无效：{ $detail }
error-system-prompt-too-long = 该系统提示太长。
error-preview-text-only = 预览只接受文本。
error-bot-name = 机器人的名称：{ $detail }
error-bot-operators = 机器人 { $name } 由此应用的运营者编写；试验场无法更改它。请用其他名称保存你的机器人。
error-bot-someone-elses = 机器人 { $name } 由其他人保存；只有他们（或管理员）可以替换它。请用其他名称保存你的机器人。
error-bot-exists = 已有名为 { $name } 的机器人；请另选名称，或勾选“替换”来更改它。
error-bots-full = 此应用已有 { $count } 个机器人，已达上限。
error-bot-not-written = 无法写入机器人文件；请稍后重试。
error-conversations-unreachable = 暂时无法访问你的对话；请稍后重试。
error-shared-unreachable = 暂时无法访问此对话；请稍后重试。
error-file-over-limit = 文件最多 { $limit } 字节。
error-import-too-big = 导入失败：导出文件最多 { $mib } MiB。
error-import-no-file = 导入失败：请选择要导入的文件。
error-import-empty = 导入失败：请求中没有文件。
error-import-form = 导入失败：无法读取表单：{ $detail }
error-import-invalid = 导入失败：{ $detail }
error-import-unavailable = 导入失败：暂时无法存储该对话；没有导入任何内容。请稍后重试。

## The page the installed app shows offline (server/src/installable)

offline-title = { $title }：离线
offline-text = 你已离线。回复需要连接服务器；你的对话保存在那里，恢复连接后会回来。
offline-try-again = 重试
