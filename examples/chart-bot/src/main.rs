#[tokio::main]
async fn main() {
    chart_bot::bot().launch().await
}
