"""manage.py embed_passages [--type inquiry …]: embed every passage that has no vector of the configured model yet (or
whose text changed), with a progress bar, and push the new vectors to Elasticsearch. Run after a bulk load of past
inquiries; `update_index` runs it for every type too."""

import time

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from search import embedding, vectors
from search.result_types import RESULT_TYPES_BY_KEY
from search.vector_push import push_to_elasticsearch


class Command(BaseCommand):
    help = "検索用の埋め込みベクトルを、未作成・内容が変わった項目について作成します（進捗を表示）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--type", action="append", dest="types", choices=list(RESULT_TYPES_BY_KEY),
            help="対象の種類（繰り返し指定可。省略時はすべて）",
        )

    def handle(self, *args, types=None, verbosity=1, **options):
        model = embedding.embedder()
        if model is None:
            raise CommandError("埋め込みモデルを読み込めないため、ベクトルを作成できません（SEARCH_EMBEDDING_MODEL を確認してください）。")
        models = [RESULT_TYPES_BY_KEY[key].model for key in types] if types else vectors.indexed_models()
        embedded, started = 0, time.perf_counter()
        for result_model in models:
            total = result_model.get_indexed_objects().count()
            with tqdm(total=total, desc=str(result_model._meta.verbose_name), unit="件", disable=verbosity < 1) as bar:
                embedded += vectors.embed_all(
                    [result_model], progress=lambda _model, n: bar.update(n), on_chunk=push_to_elasticsearch
                )
        seconds = time.perf_counter() - started
        if verbosity:
            rate = embedded / seconds if seconds else 0.0
            self.stdout.write(f"{model.name}: {embedded}件の文章を埋め込みました（{seconds:.1f}秒、{rate:.1f}件/秒）。")
