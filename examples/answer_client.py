"""A chatbot's view of the portal, through the API only (standard library, no install): list one category's FAQs
through the pages API, then ask the answer API a question and print the answer or where to hand off.

    PORTAL_URL=http://intranet.localhost:8000 PORTAL_API_TOKEN=… \\
        python examples/answer_client.py --category 3 "通勤手当の届出はいつまでですか"

The token needs the scopes `faq` and `answer` (Admin → 設定 → APIトークン).
"""

import argparse
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request


def get(base_url, token, path, **params):
    """GET `path` with `params` as JSON; a refused request exits with the API's Japanese `detail`."""
    address = f"{base_url.rstrip('/')}{path}?{urllib.parse.urlencode(params)}"
    request = urllib.request.Request(address, headers={"Authorization": f"Bearer {token}", "Accept": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as error:
        body = json.loads(error.read() or b"{}")
        sys.exit(f"{error.code}: {body.get('detail') or body.get('message') or error.reason}")


def main(argv=None):
    parser = argparse.ArgumentParser(description="FAQ一覧と回答APIの例")
    parser.add_argument("question", help="回答APIに尋ねる質問")
    parser.add_argument("--category", required=True, help="FAQを一覧する業務分類のID")
    parser.add_argument("--base-url", default=os.environ.get("PORTAL_URL", "http://intranet.localhost:8000"))
    parser.add_argument("--token", default=os.environ.get("PORTAL_API_TOKEN"))
    args = parser.parse_args(argv)
    if not args.token:
        parser.error("--token か環境変数 PORTAL_API_TOKEN でAPIトークンを指定してください。")

    faqs = get(args.base_url, args.token, "/api/v2/pages/", type="faq.FAQPage", category=args.category, limit=20)
    print(f"FAQ（{faqs['meta']['total_count']}件）")
    for item in faqs["items"]:
        print(f"- {item['title']}")

    reply = get(args.base_url, args.token, "/api/v2/answer/", q=args.question)
    if reply["handoff"]:
        print(f"\n答えが見つかりませんでした。問い合わせフォーム：{reply['inquiry_url']}")
    else:
        answer = reply["answer"]
        print(f"\n{answer['title']}（確からしさ {answer['confidence']:.2f}）\n{answer['text']}")
        for form in answer["forms"]:
            print(f"  様式：{form['number']} {form['title']}")


if __name__ == "__main__":
    main()
