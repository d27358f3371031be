// Generated from openapi.yaml (the contract the router enforces); openapi.test.ts keeps the two equal.
/* eslint-disable */

/** The slb plugin's OpenAPI document. */
export const spec = {
  "openapi": "3.1.0",
  "info": {
    "title": "slb",
    "version": "1",
    "description": "Cellport load balancing: LB groups with their live Nginx hosts, and the domains of apps (created by the app's Owners and Masters, seen by its members; extra Nginx directives by platform admins after nginx -t).",
    "license": {
      "name": "Apache-2.0",
      "url": "http://www.apache.org/licenses/LICENSE-2.0.html"
    },
    "contact": {}
  },
  "servers": [
    {
      "url": "/"
    }
  ],
  "components": {
    "parameters": {
      "name": {
        "name": "name",
        "in": "path",
        "required": true,
        "description": "The domain (an RFC 1123 host name).",
        "schema": {
          "type": "string",
          "maxLength": 253
        }
      }
    },
    "schemas": {
      "Error": {
        "type": "object",
        "properties": {
          "error": {
            "type": "object",
            "properties": {
              "name": {
                "type": "string"
              },
              "message": {
                "type": "string"
              }
            },
            "required": [
              "name",
              "message"
            ]
          }
        },
        "required": [
          "error"
        ]
      },
      "Domain": {
        "type": "object",
        "description": "A domain as stored in etcd (see SlbDomain in @cellport/plugin-slb-common).",
        "properties": {
          "name": {
            "type": "string"
          },
          "group": {
            "type": "string"
          },
          "app": {
            "type": "string"
          },
          "aliases": {
            "type": "array",
            "items": {
              "type": "string"
            }
          },
          "locations": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "path": {
                  "type": "string"
                },
                "app": {
                  "type": "string"
                },
                "port": {
                  "type": "integer"
                }
              },
              "required": [
                "path",
                "app",
                "port"
              ]
            }
          },
          "timeouts": {
            "type": "object",
            "additionalProperties": true
          },
          "headers": {
            "type": "object",
            "additionalProperties": {
              "type": "string"
            }
          },
          "tlsCertificate": {
            "type": "string"
          },
          "extraDirectives": {
            "type": "string"
          },
          "createdBy": {
            "type": "string"
          },
          "createdAt": {
            "type": "string"
          },
          "updatedAt": {
            "type": "string"
          }
        },
        "required": [
          "name",
          "group",
          "app",
          "locations"
        ],
        "additionalProperties": true
      },
      "DomainView": {
        "type": "object",
        "properties": {
          "domain": {
            "$ref": "#/components/schemas/Domain"
          },
          "group": {
            "type": "object",
            "additionalProperties": true
          },
          "cname": {
            "type": "string"
          },
          "vip": {
            "type": "string"
          },
          "config": {
            "type": "string",
            "description": "The Nginx configuration the hosts render."
          },
          "revision": {
            "type": "integer"
          },
          "upstreams": {
            "type": "array",
            "items": {
              "type": "object",
              "additionalProperties": true
            }
          },
          "hosts": {
            "type": "array",
            "items": {
              "type": "object",
              "properties": {
                "host": {
                  "type": "string"
                },
                "address": {
                  "type": "string"
                },
                "revision": {
                  "type": "integer"
                },
                "lag": {
                  "type": "integer"
                },
                "error": {
                  "type": "string"
                },
                "updatedAt": {
                  "type": "string"
                }
              },
              "required": [
                "host",
                "address",
                "revision",
                "lag",
                "updatedAt"
              ]
            }
          },
          "canManage": {
            "type": "boolean"
          },
          "canEditDirectives": {
            "type": "boolean"
          }
        },
        "required": [
          "domain",
          "group",
          "cname",
          "vip",
          "config",
          "revision",
          "upstreams",
          "hosts",
          "canManage",
          "canEditDirectives"
        ]
      },
      "DomainInput": {
        "type": "object",
        "description": "Validated by domainCreateRequestSchema / domainUpdateRequestSchema.",
        "additionalProperties": true
      }
    },
    "responses": {
      "Error": {
        "description": "An error (4xx with what to fix, 503 when etcd is unavailable).",
        "content": {
          "application/json": {
            "schema": {
              "$ref": "#/components/schemas/Error"
            }
          }
        }
      }
    }
  },
  "paths": {
    "/groups": {
      "get": {
        "operationId": "listGroups",
        "description": "The LB groups with their live agents.",
        "responses": {
          "200": {
            "description": "The groups.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "additionalProperties": true
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains": {
      "get": {
        "operationId": "listDomains",
        "description": "Domains of the apps the caller may see, optionally of one app.",
        "parameters": [
          {
            "name": "app",
            "in": "query",
            "required": false,
            "schema": {
              "type": "string"
            }
          }
        ],
        "responses": {
          "200": {
            "description": "The domains.",
            "content": {
              "application/json": {
                "schema": {
                  "type": "object",
                  "properties": {
                    "items": {
                      "type": "array",
                      "items": {
                        "type": "object",
                        "properties": {
                          "domain": {
                            "$ref": "#/components/schemas/Domain"
                          },
                          "cname": {
                            "type": "string"
                          },
                          "vip": {
                            "type": "string"
                          }
                        },
                        "required": [
                          "domain",
                          "cname",
                          "vip"
                        ]
                      }
                    }
                  },
                  "required": [
                    "items"
                  ]
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "post": {
        "operationId": "createDomain",
        "description": "Creates a domain for an app (its Owner or Master).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DomainInput"
              }
            }
          }
        },
        "responses": {
          "201": {
            "description": "Created.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains/{name}": {
      "get": {
        "operationId": "getDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "A domain with its configuration, upstream servers and each host's convergence.",
        "responses": {
          "200": {
            "description": "The domain.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "put": {
        "operationId": "updateDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Changes a domain (aliases, locations, timeouts, headers, certificate).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "$ref": "#/components/schemas/DomainInput"
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Changed.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      },
      "delete": {
        "operationId": "deleteDomain",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Deletes a domain.",
        "responses": {
          "204": {
            "description": "Deleted."
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    },
    "/domains/{name}/directives": {
      "put": {
        "operationId": "setDomainDirectives",
        "parameters": [
          {
            "$ref": "#/components/parameters/name"
          }
        ],
        "description": "Platform admins set extra Nginx directives; stored only when nginx -t of the rendered domain passes (400 with nginx's output otherwise).",
        "requestBody": {
          "required": true,
          "content": {
            "application/json": {
              "schema": {
                "type": "object",
                "properties": {
                  "extraDirectives": {
                    "type": "string"
                  }
                },
                "required": [
                  "extraDirectives"
                ]
              }
            }
          }
        },
        "responses": {
          "200": {
            "description": "Stored.",
            "content": {
              "application/json": {
                "schema": {
                  "$ref": "#/components/schemas/DomainView"
                }
              }
            }
          },
          "default": {
            "$ref": "#/components/responses/Error"
          }
        }
      }
    }
  }
} as const;
