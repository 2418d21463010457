FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PYTHAINLP_OFFLINE=1 PYTHAINLP_READ_ONLY=1
# Pango + HarfBuzz: WeasyPrint lays out the certificate and receipt PDFs with them
RUN apt-get update && apt-get install -y --no-install-recommends fonts-thai-tlwg libpango-1.0-0 libpangoft2-1.0-0 \
    libharfbuzz-subset0 curl && rm -rf /var/lib/apt/lists/*
WORKDIR /app
# the locked versions, checked against their hashes (requirements.lock: pyproject.toml's dependencies; scripts/lock)
COPY requirements.lock ./
RUN pip install --no-cache-dir --require-hashes -r requirements.lock
COPY . .
RUN useradd --create-home saphan && chown -R saphan /app
USER saphan
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000"]
