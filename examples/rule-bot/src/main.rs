#[tokio::main]
async fn main() {
    rule_bot::bot().launch().await
}
